using Contrevue.Infrastructure.Text;
using Contrevue.Data;
using Contrevue.Features.Observatoire;
using Contrevue.Infrastructure.Files;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Campaigns.Tracking;

public sealed record ResponseView(
    int Id, DateOnly RespondedOn, ResponseKind Kind, string? Quote, string? SourceUrl, string? FileSha256, string ReportedBy)
{
    public string KindCode => CampaignCodes.ResponseKinds.Code(Kind);
    public string KindLabel => CampaignCodes.ResponseKinds.Label(Kind);
    public string? FileUrl => FileSha256 is null ? null : SourceFileStore.UrlOf(FileSha256);
}

/// <summary>A VSA project of the authority that went ahead after it committed not to.</summary>
public sealed record ContradictingDossier(int Id, string Title, string Path, string StatusCode, string StatusLabel, DateOnly On);

public sealed record TerritoryStatus(
    TerritoryReference Territory,
    string Name,
    TerritoryCampaignStatus Status,
    int Requests,
    DateOnly? FirstAskedOn,
    int? DaysWithoutAnswer,
    IReadOnlyList<ResponseView> Responses,
    IReadOnlyList<ContradictingDossier> ContradictingDossiers)
{
    public bool Contradiction => ContradictingDossiers.Count > 0;
    public string StatusCode => CampaignCodes.Statuses.Code(Status);
    public string StatusLabel => CampaignCodes.Statuses.Label(Status);
    /// <summary>The answer the status comes from, if any (the latest).</summary>
    public ResponseView? LatestResponse => Responses.Count > 0 ? Responses[0] : null;
}

/// <summary>
/// Where a territory stands in a campaign: its latest published answer decides; without one, whether
/// anyone said they wrote to it. A commitment is contradicted by a VSA project of the same authority
/// voted, awarded, deployed or experimented after the commitment's date.
/// </summary>
public sealed class CampaignStatuses(ContrevueDbContext db, DossierLookup dossiers, TimeProvider time)
{
    public static TerritoryCampaignStatus Decide(ResponseKind? latestAnswer, int requests) =>
        latestAnswer is { } kind ? CampaignCodes.StatusOf(kind)
        : requests > 0 ? TerritoryCampaignStatus.AskedNoAnswer
        : TerritoryCampaignStatus.NeverAsked;

    public async Task<TerritoryStatus> ForTerritoryAsync(Campaign campaign, TerritoryReference territory, string name, CancellationToken cancellationToken)
    {
        var requests = await db.Set<CampaignRequest>().AsNoTracking()
            .Where(r => r.CampaignId == campaign.Id && r.TerritoryKind == territory.Kind && r.TerritoryCode == territory.Code)
            .GroupBy(r => 1)
            .Select(g => new { Count = g.Count(), First = g.Min(r => r.SentOn) })
            .FirstOrDefaultAsync(cancellationToken);
        var responses = await db.Set<CampaignResponse>().AsNoTracking()
            .Where(r => r.CampaignId == campaign.Id && r.TerritoryKind == territory.Kind && r.TerritoryCode == territory.Code)
            .OrderByDescending(r => r.RespondedOn).ThenByDescending(r => r.Id)
            .Select(r => new ResponseView(r.Id, r.RespondedOn, r.Kind, r.Quote, r.SourceUrl, r.FileSha256, r.ReportedBy))
            .ToListAsync(cancellationToken);
        var count = requests?.Count ?? 0;
        var status = Decide(responses.FirstOrDefault()?.Kind, count);
        int? days = status == TerritoryCampaignStatus.AskedNoAnswer && requests is not null
            ? Math.Max(0, ParisCalendar.Today(time).DayNumber - requests.First.DayNumber)
            : null;
        var contradicting = status == TerritoryCampaignStatus.Committed
            ? await ContradictingDossiersAsync(territory, responses[0].RespondedOn, cancellationToken)
            : [];
        return new TerritoryStatus(territory, name, status, count, requests?.First, days, responses, contradicting);
    }

    public async Task<List<ContradictingDossier>> ContradictingDossiersAsync(TerritoryReference territory, DateOnly committedOn, CancellationToken cancellationToken)
    {
        var steps = await dossiers.AlgorithmicProjectsGoneAheadAsync(territory, committedOn, cancellationToken);
        return steps.Select(s => new ContradictingDossier(s.DossierId, s.Title, s.Path, s.StatusCode, s.StatusLabel, s.On)).ToList();
    }
}
