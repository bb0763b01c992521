using Contrevue.Infrastructure;

namespace Contrevue.Features.Administration;

/// <summary>
/// A card of the admin dashboard (<c>/admin</c>): what an administrator checks at a glance about one
/// part of the site. Each feature registers its own; the dashboard loads them in order and renders
/// their partials, knowing none by name.
/// </summary>
[Seam]
public interface IAdminDashboardCard
{
    /// <summary>Where the card goes on the dashboard: lower first.</summary>
    int Order { get; }

    /// <summary>The partial view that renders the card, by its path from the app's root ("/Features/…/_X.cshtml").</summary>
    string PartialName { get; }

    /// <summary>The partial's model, read now.</summary>
    Task<object> LoadAsync(CancellationToken cancellationToken);
}

/// <summary>A card, loaded: what the dashboard renders.</summary>
public sealed record AdminDashboardCard(string PartialName, object Model);
