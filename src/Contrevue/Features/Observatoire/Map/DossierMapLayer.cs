using Contrevue.Data;
using Contrevue.Features.Carte;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire.Map;

/// <summary>
/// The public dossiers on the map: at their own point when they have one, else at their commune's centre
/// (property <c>position=commune</c>); dossiers of a wider authority without a point are not drawn.
/// </summary>
internal sealed class DossierMapLayer(ContrevueDbContext db, TerritoryQueries territories, FlagContext flags) : IMapLayer, IMapLayerFilters
{
    public const string LayerCode = "dossiers";

    public string Code => LayerCode;

    public string Name => "Dossiers de l'observatoire";

    public string? Attribution => null;

    public int Order => 10;

    public IReadOnlyList<MapFilter> Filters { get; } =
    [
        new("technologie", "technologies", "Technologie",
            [.. ObservatoireCodes.Technologies.Select(t => new MapFilterOption(t.Code, t.Label))]),
        new("statut", "status", "Statut",
            [.. ObservatoireCodes.Statuses.Select(s => new MapFilterOption(s.Code, s.Label))]),
        new("alerte", "alert", "Alerte", [new("oui", "Avec une alerte"), new("non", "Sans alerte")]),
    ];

    /// <summary>
    /// Edits move <see cref="Dossier.UpdatedAt"/>, hiding and deleting change the count, and the alerts
    /// change with the date: all three make the version.
    /// </summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        var listed = db.Set<Dossier>().AsNoTracking().Where(d => !d.IsHidden);
        var count = await listed.CountAsync(cancellationToken);
        var latest = await listed.MaxAsync(d => (DateTime?)d.UpdatedAt, cancellationToken);
        return $"{count}-{latest?.Ticks ?? 0}-{flags.Today:yyyyMMdd}";
    }

    public async Task<IReadOnlyList<MapPoint>> PointsAsync(CancellationToken cancellationToken)
    {
        var centres = await territories.CommuneCentresAsync(cancellationToken);
        var today = flags.Today;
        var joEnds = flags.JoExperimentationEndsOn;
        var points = new List<MapPoint>();
        var rows = db.Set<Dossier>().AsNoTracking().Where(d => !d.IsHidden).OrderBy(d => d.Id)
            .Select(d => new Dossier
            {
                Id = d.Id, Slug = d.Slug, Title = d.Title, AuthorityName = d.AuthorityName, CommuneCode = d.CommuneCode,
                DepartementCode = d.DepartementCode, Technologies = d.Technologies, Status = d.Status,
                Latitude = d.Latitude, Longitude = d.Longitude, JoExperimentation = d.JoExperimentation,
                AuthorizationIssuedOn = d.AuthorizationIssuedOn, AuthorizationExpiresOn = d.AuthorizationExpiresOn,
                AuthorizationCoversVideoVerbalisation = d.AuthorizationCoversVideoVerbalisation,
            })
            .AsAsyncEnumerable();
        await foreach (var dossier in rows.WithCancellation(cancellationToken))
        {
            double latitude, longitude;
            string position;
            string? departement = dossier.DepartementCode;
            if (dossier.Latitude is { } lat && dossier.Longitude is { } lon)
            {
                (latitude, longitude, position) = (lat, lon, "dossier");
            }
            else if (dossier.CommuneCode is { } commune && centres.TryGetValue(commune, out var centre))
            {
                (latitude, longitude, position) = (centre.Latitude, centre.Longitude, "commune");
                departement ??= centre.DepartementCode;
            }
            else
            {
                continue;
            }
            var alert = DossierFlags.Compute(dossier, today, joEnds) != DossierFlag.None;
            var properties = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["status"] = ObservatoireCodes.Statuses.First(s => s.Value == dossier.Status).Code,
                ["technologies"] = string.Join(' ', ObservatoireCodes.Technologies.Where(t => dossier.Technologies.HasFlag(t.Value)).Select(t => t.Code)),
                ["alert"] = alert ? "oui" : "non",
                ["position"] = position,
            };
            if (departement is not null)
            {
                properties["departement"] = departement;
            }
            points.Add(new MapPoint(dossier.Id, latitude, longitude, $"{dossier.Title} — {dossier.AuthorityName}",
                dossier.CanonicalPath, departement, properties));
        }
        return points;
    }
}
