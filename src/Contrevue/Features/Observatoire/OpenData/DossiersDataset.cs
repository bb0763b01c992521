using System.Runtime.CompilerServices;
using Contrevue.Data;
using Contrevue.Features.Observatoire.Listing;
using Contrevue.Features.OpenData;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Text;
using Contrevue.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire.OpenData;

/// <summary>
/// Every published dossier, one row each, read in batches in id order (fictional demo dossiers included and
/// marked). Its point is its own, else its commune's centre, as <c>/api/v1/dossiers.geojson</c> gives it.
/// </summary>
internal sealed class DossiersDataset(DossierListQuery list, FlagContext flags, ContrevueDbContext db, SiteAddress site) : IOpenDataset
{
    public string Name => "dossiers";
    public int Order => 10;
    public string Title => "Dossiers de l'observatoire";
    public string Description => "Un dossier par projet de surveillance d'une autorité (commune, EPCI, département, région, opérateur) : technologies, statut, autorisation, caméras, budget, alertes calculées.";
    public OpenDataLicence Licence => OpenDataLicence.Contrevue;
    public bool HasPoints => true;

    public IReadOnlyList<OpenDataColumn> Columns { get; } =
    [
        new("id", OpenDataType.WholeNumber, "Identifiant du dossier (stable)."),
        new("titre", OpenDataType.Text, "Titre du dossier."),
        new("autorite_nom", OpenDataType.Text, "Nom de l'autorité qui porte le projet."),
        new("autorite_type", OpenDataType.Text, "Type d'autorité (code de l'API : commune, epci, departement, region, transport…)."),
        new("autorite_code", OpenDataType.Text, "Code INSEE, SIREN ou code de l'autorité, quand il existe."),
        new("commune", OpenDataType.Text, "Code INSEE de la commune concernée, s'il y en a une."),
        new("departement", OpenDataType.Text, "Code du département."),
        new("region", OpenDataType.Text, "Code de la région."),
        new("technologies", OpenDataType.List, "Technologies (codes : vsa, facial-recognition, drones, alpr…)."),
        new("fournisseurs", OpenDataType.List, "Noms des fournisseurs (voir le jeu « fournisseurs »)."),
        new("statut", OpenDataType.Text, "Statut actuel (announced, voted, awarded, deployed, experimented, suspended, abandoned, annulled)."),
        new("statut_depuis", OpenDataType.Date, "Date du statut actuel."),
        new("cameras", OpenDataType.WholeNumber, "Nombre de caméras annoncé, s'il est connu."),
        new("budget_eur", OpenDataType.WholeNumber, "Budget en euros, s'il est connu."),
        new("autorisation_numero", OpenDataType.Text, "Numéro de l'autorisation préfectorale."),
        new("autorisation_delivree_le", OpenDataType.Date, "Date de l'autorisation préfectorale."),
        new("autorisation_expire_le", OpenDataType.Date, "Fin de validité de l'autorisation (5 ans, CSI L252-4)."),
        new("videoverbalisation_autorisee", OpenDataType.Boolean, "L'autorisation couvre la vidéoverbalisation (vide sans autorisation connue)."),
        new("experimentation_jo", OpenDataType.Boolean, "Expérimentation de la loi JO 2023-380 (décret 2023-828)."),
        new("alertes", OpenDataType.List, "Alertes calculées le jour de l'export (authorization-expired…)."),
        new("sources", OpenDataType.WholeNumber, "Nombre de sources publiées (voir le jeu « sources »)."),
        new("fictif", OpenDataType.Boolean, "Dossier fictif de démonstration."),
        new("longitude", OpenDataType.Number, "Longitude WGS 84 du point."),
        new("latitude", OpenDataType.Number, "Latitude WGS 84 du point."),
        new("position", OpenDataType.Text, "Origine du point : dossier (saisi), commune (centre de la commune) ou vide."),
        new("mis_a_jour_le", OpenDataType.DateTime, "Dernière modification du dossier."),
        new("url", OpenDataType.Text, "Page du dossier."),
    ];

    public async IAsyncEnumerable<OpenDataRow> RowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // About 35,000 small entries: the centres are read once rather than once per batch.
        var centres = await db.Set<Commune>().AsNoTracking()
            .Where(c => c.CentreLatitude != null && c.CentreLongitude != null)
            .Select(c => new { c.Code, Latitude = c.CentreLatitude!.Value, Longitude = c.CentreLongitude!.Value })
            .ToDictionaryAsync(c => c.Code, c => (c.Latitude, c.Longitude), StringComparer.Ordinal, cancellationToken);
        var address = site.Configured ?? SiteAddress.LocalAddress;
        var criteria = new DossierCriteria { Sort = DossierSort.Id, Fictional = FictionalFilter.Include };
        await foreach (var dossier in list.AllAsync(criteria, int.MaxValue, cancellationToken))
        {
            (double Latitude, double Longitude)? point = null;
            string? position = null;
            if (dossier is { Latitude: { } latitude, Longitude: { } longitude })
            {
                (point, position) = ((latitude, longitude), "dossier");
            }
            else if (dossier.CommuneCode is { } code && centres.TryGetValue(code, out var centre))
            {
                (point, position) = (centre, "commune");
            }
            var flagged = flags.Of(dossier);
            object?[] values =
            [
                dossier.Id,
                dossier.Title,
                dossier.AuthorityName,
                ObservatoireCodes.AuthorityKinds.Code(dossier.AuthorityKind),
                dossier.AuthorityCode,
                dossier.CommuneCode,
                dossier.DepartementCode,
                dossier.RegionCode,
                ObservatoireCodes.Technologies.CodesOf(dossier.Technologies),
                dossier.Vendors.Select(v => v.Vendor?.Name).OfType<string>().Order(StringComparer.Ordinal).ToList(),
                ObservatoireCodes.Statuses.Code(dossier.Status),
                dossier.StatusSince,
                dossier.CameraCount,
                dossier.BudgetEur,
                dossier.AuthorizationNumber,
                dossier.AuthorizationIssuedOn,
                dossier.AuthorizationExpiresOn,
                dossier.AuthorizationIssuedOn is null ? null : dossier.AuthorizationCoversVideoVerbalisation,
                dossier.JoExperimentation,
                ObservatoireCodes.Flags.CodesOf(flagged),
                dossier.Sources.Count(s => !s.IsHidden),
                dossier.IsFictional,
                point is { } p1 ? Math.Round(p1.Longitude, 6) : null,
                point is { } p2 ? Math.Round(p2.Latitude, 6) : null,
                position,
                dossier.UpdatedAt,
                address + dossier.CanonicalPath,
            ];
            yield return new OpenDataRow(values, point?.Longitude, point?.Latitude);
        }
    }
}
