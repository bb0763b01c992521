using Contrevue.Infrastructure;

namespace Contrevue.Features.Accounts;

/// <summary>
/// A section another feature adds to the account page (<c>/compte</c>), after the account's facts and
/// before its keys and tokens. The page loads each section for the signed-in account and renders its
/// partial; it knows none of them by name.
/// </summary>
[Seam]
public interface IAccountSection
{
    /// <summary>Where the section goes among the contributed ones: lower first.</summary>
    int Order { get; }

    /// <summary>The partial view that renders the section, by its path from the app's root ("/Features/…/_X.cshtml").</summary>
    string PartialName { get; }

    /// <summary>The partial's model for this account, whose roles are given.</summary>
    Task<object> LoadAsync(ContrevueUser account, IReadOnlyList<string> roles, CancellationToken cancellationToken);
}

/// <summary>A contributed section, loaded: what the account page renders.</summary>
public sealed record AccountSection(string PartialName, object Model);
