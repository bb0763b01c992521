using System.Runtime.CompilerServices;
using Contrevue.Data;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Features.OpenData;
using Contrevue.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Campaigns.OpenData;

/// <summary>
/// Where each territory stands in each campaign, decided as the territory's page decides it
/// (<see cref="CampaignStatuses.Decide"/>): one row per territory asked or that answered; the others were never asked.
/// </summary>
internal sealed class CampaignStatusesDataset(ContrevueDbContext db) : IOpenDataset
{
    public string Name => "statuts-campagne";
    public int Order => 20;
    public string Title => "Statuts de campagne par territoire";
    public string Description => "Pour chaque campagne (« Pas de VSA dans ma ville »…), chaque territoire sollicité ou qui a répondu : engagé, refus, réponse évasive, sans réponse. Un territoire absent n'a jamais été sollicité.";
    public OpenDataLicence Licence => OpenDataLicence.Contrevue;
    public bool HasPoints => false;

    public IReadOnlyList<OpenDataColumn> Columns { get; } =
    [
        new("campagne", OpenDataType.Text, "Identifiant de la campagne."),
        new("territoire_type", OpenDataType.Text, "commune, epci, departement ou region."),
        new("territoire_code", OpenDataType.Text, "Code INSEE (commune, département, région) ou SIREN (EPCI)."),
        new("statut", OpenDataType.Text, "committed, partial, refused, evasive, asked-no-answer."),
        new("sollicitations", OpenDataType.WholeNumber, "Nombre de courriers déclarés envoyés."),
        new("premiere_sollicitation", OpenDataType.Date, "Date du premier courrier."),
        new("derniere_reponse", OpenDataType.Date, "Date de la réponse qui décide du statut."),
        new("source_reponse", OpenDataType.Text, "Adresse publique de cette réponse, quand elle en a une."),
    ];

    public async IAsyncEnumerable<OpenDataRow> RowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var campaigns = await db.Set<Campaign>().AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.Slug }).ToListAsync(cancellationToken);
        foreach (var campaign in campaigns)
        {
            var requests = await db.Set<CampaignRequest>().AsNoTracking().Where(r => r.CampaignId == campaign.Id)
                .GroupBy(r => new { r.TerritoryKind, r.TerritoryCode })
                .Select(g => new { g.Key.TerritoryKind, g.Key.TerritoryCode, Count = g.Count(), First = g.Min(r => r.SentOn) })
                .ToListAsync(cancellationToken);
            var responses = await db.Set<CampaignResponse>().AsNoTracking().Where(r => r.CampaignId == campaign.Id)
                .Select(r => new { r.Id, r.TerritoryKind, r.TerritoryCode, r.RespondedOn, r.Kind, r.SourceUrl })
                .ToListAsync(cancellationToken);
            var latest = responses.GroupBy(r => (r.TerritoryKind, r.TerritoryCode))
                .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.RespondedOn).ThenByDescending(r => r.Id).First());
            var asked = requests.ToDictionary(r => (r.TerritoryKind, r.TerritoryCode));
            foreach (var territory in asked.Keys.Union(latest.Keys).OrderBy(k => k.TerritoryKind).ThenBy(k => k.TerritoryCode, StringComparer.Ordinal))
            {
                var request = asked.GetValueOrDefault(territory);
                var response = latest.GetValueOrDefault(territory);
                var status = CampaignStatuses.Decide(response?.Kind, request?.Count ?? 0);
                yield return new OpenDataRow(
                [
                    campaign.Slug, territory.TerritoryKind.ToString().ToLowerInvariant(), territory.TerritoryCode,
                    CampaignCodes.Statuses.Code(status), request?.Count ?? 0, request?.First, response?.RespondedOn, response?.SourceUrl,
                ]);
            }
        }
    }
}
