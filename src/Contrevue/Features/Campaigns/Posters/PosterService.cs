using Contrevue.Data;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Campaigns.Posters;

/// <summary>The commune a poster names: its INSEE code and its name.</summary>
public sealed record PosterPlace(string Code, string Name);

/// <summary>
/// Finds what a campaign's poster says for a commune (or for "ma ville" when none is given): the
/// commune is named like the letters' territory, by its INSEE code.
/// </summary>
public sealed class PosterService(ContrevueDbContext db)
{
    /// <summary>The commune of an INSEE code ("42218", "2A004", "commune:42218"), or null when there is none.</summary>
    public async Task<PosterPlace?> FindCommuneAsync(string? territory, CancellationToken cancellationToken)
    {
        if (!TerritoryReference.TryParse(territory, out var reference) || reference.Value.Kind != TerritoryKind.Commune)
        {
            return null;
        }
        return await db.NameOfAsync(reference.Value, cancellationToken) is { } name ? new PosterPlace(reference.Value.Code, name) : null;
    }

    /// <summary>
    /// The poster's content, or null when the campaign or the commune does not exist.
    /// <paramref name="communeCode"/> null gives the campaign's own poster, "Pas de VSA dans ma ville".
    /// </summary>
    public async Task<PosterContent?> ContentAsync(string slug, string? communeCode, string address, CancellationToken cancellationToken)
    {
        var demand = await db.Set<Campaign>().AsNoTracking().Where(c => c.Slug == slug).Select(c => c.Demand).FirstOrDefaultAsync(cancellationToken);
        if (demand is null)
        {
            return null;
        }
        var text = SafeMarkdown.PlainText(demand, 400);
        if (communeCode is null)
        {
            return new PosterContent("dans", "ma ville", text, address);
        }
        if (await FindCommuneAsync(communeCode, cancellationToken) is not { } commune)
        {
            return null;
        }
        var (connector, place) = WithConnector(commune.Name);
        return new PosterContent(connector, place, text, address);
    }

    /// <summary>"à Saint-Étienne", "au Havre" (Le Havre), "aux Mureaux" (Les Mureaux), "à La Rochelle".</summary>
    public static (string Connector, string Place) WithConnector(string name) => Infrastructure.Text.FrenchPlaceNames.At(name);
}
