using Contrevue.Data;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Infrastructure.Text;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Campaigns.Scoreboard;

public enum ScoreboardLevel
{
    National = 0,
    Region = 1,
    Departement = 2,
}

/// <summary>A commune some sender wrote to, or that answered, with where it stands.</summary>
public sealed record AskedCommune(
    string Code, string Name, string Slug, CommuneKind Kind, string DepartementCode, string RegionCode, int? Population,
    TerritoryCampaignStatus Status, int Requests, DateOnly? FirstAskedOn, int? DaysWithoutAnswer,
    DateOnly? LatestAnswerOn, ResponseKind? LatestAnswerKind)
{
    public string CanonicalPath => $"/communes/{Code}-{Slug}";
    public string StatusCode => CampaignCodes.Statuses.Code(Status);
    public string StatusLabel => CampaignCodes.Statuses.Label(Status);
}

/// <summary>One line of the scoreboard: a territory's communes counted by status, and the population they hold.</summary>
public sealed record ScoreboardRow(
    string Code, string Name, IReadOnlyDictionary<TerritoryCampaignStatus, int> Counts, long CommittedPopulation, long Population)
{
    /// <summary>The share of the population living in a committed commune, between 0 and 1.</summary>
    public double Share => Population == 0 ? 0 : (double)CommittedPopulation / Population;

    public int Communes => Counts.Values.Sum();

    public int Count(TerritoryCampaignStatus status) => Counts.GetValueOrDefault(status);
}

public sealed record ScoreboardResult(
    ScoreboardRow National, IReadOnlyList<ScoreboardRow> Regions, IReadOnlyList<ScoreboardRow> Departements, IReadOnlyList<AskedCommune> Asked)
{
    public IReadOnlyList<ScoreboardRow> RowsOf(ScoreboardLevel level) => level switch
    {
        ScoreboardLevel.Region => Regions,
        ScoreboardLevel.Departement => Departements,
        _ => [National],
    };
}

/// <summary>
/// The campaign's scoreboard: every commune counted once under its status (municipal arrondissements
/// are left out, they would count Paris, Lyon and Marseille twice), and the population living in
/// committed communes — each commune's own population, summed. A few queries whatever the number of
/// communes: totals by département, then the requests and answers of the campaign.
/// </summary>
public sealed class CampaignScoreboard(ContrevueDbContext db, TerritoryQueries territories, TimeProvider time)
{
    public static readonly IReadOnlyList<(ScoreboardLevel Level, string Code)> Levels =
    [
        (ScoreboardLevel.National, "national"),
        (ScoreboardLevel.Region, "region"),
        (ScoreboardLevel.Departement, "departement"),
    ];

    public static bool TryParseLevel(string? text, out ScoreboardLevel level)
    {
        var value = string.IsNullOrWhiteSpace(text) ? "national" : text.Trim().ToLowerInvariant();
        foreach (var (candidate, code) in Levels)
        {
            if (code == value)
            {
                level = candidate;
                return true;
            }
        }
        level = ScoreboardLevel.National;
        return false;
    }

    public static string CodeOf(ScoreboardLevel level) => Levels.First(l => l.Level == level).Code;

    /// <summary>Whether the campaign writes to communes: the scoreboard counts communes.</summary>
    public static bool CountsCommunes(Campaign campaign) => CampaignInput.TargetLevelsOf(campaign).Contains("commune");

    /// <summary>The communes of the campaign with at least one request or one published answer.</summary>
    public async Task<List<AskedCommune>> AskedCommunesAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var requests = await db.Set<CampaignRequest>().AsNoTracking()
            .Where(r => r.CampaignId == campaign.Id && r.TerritoryKind == TerritoryKind.Commune)
            .GroupBy(r => r.TerritoryCode)
            .Select(g => new { Code = g.Key, Count = g.Count(), First = g.Min(r => r.SentOn) })
            .ToDictionaryAsync(r => r.Code, cancellationToken);
        var answers = await db.Set<CampaignResponse>().AsNoTracking()
            .Where(r => r.CampaignId == campaign.Id && r.TerritoryKind == TerritoryKind.Commune)
            .Select(r => new { Code = r.TerritoryCode, r.Id, r.RespondedOn, r.Kind })
            .ToListAsync(cancellationToken);
        // The same rule as one territory's status: the latest answer by date, then by id.
        var latest = answers
            .GroupBy(a => a.Code)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.RespondedOn).ThenByDescending(a => a.Id).First());
        var codes = requests.Keys.Union(latest.Keys).ToList();
        if (codes.Count == 0)
        {
            return [];
        }
        var communes = await db.Set<Commune>().AsNoTracking()
            .Where(c => codes.Contains(c.Code))
            .Select(c => new { c.Code, c.Name, c.Slug, c.Kind, c.DepartementCode, c.RegionCode, c.Population })
            .ToListAsync(cancellationToken);
        var today = ParisCalendar.Today(time);
        return communes.Select(c =>
        {
            var asked = requests.GetValueOrDefault(c.Code);
            var answer = latest.GetValueOrDefault(c.Code);
            var status = CampaignStatuses.Decide(answer?.Kind, asked?.Count ?? 0);
            int? days = status == TerritoryCampaignStatus.AskedNoAnswer && asked is not null
                ? Math.Max(0, today.DayNumber - asked.First.DayNumber)
                : null;
            return new AskedCommune(c.Code, c.Name, c.Slug, c.Kind, c.DepartementCode, c.RegionCode, c.Population,
                status, asked?.Count ?? 0, asked?.First, days, answer?.RespondedOn, answer?.Kind);
        }).ToList();
    }

    public async Task<ScoreboardResult> ComputeAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var totals = await db.Set<Commune>().AsNoTracking()
            .Where(c => c.Kind == CommuneKind.Commune)
            .GroupBy(c => c.DepartementCode)
            .Select(g => new { Code = g.Key, Count = g.Count(), Population = g.Sum(c => (long)(c.Population ?? 0)) })
            .ToDictionaryAsync(t => t.Code, cancellationToken);
        var departements = await territories.DepartementsAsync(cancellationToken);
        var regions = await territories.RegionsAsync(cancellationToken);
        var asked = await AskedCommunesAsync(campaign, cancellationToken);
        var counted = asked.Where(a => a.Kind == CommuneKind.Commune).ToList();

        var byDepartement = new Dictionary<string, Tally>();
        Tally TallyOf(string code) => byDepartement.TryGetValue(code, out var tally) ? tally : byDepartement[code] = new Tally();
        foreach (var (code, total) in totals)
        {
            var tally = TallyOf(code);
            tally.Communes = total.Count;
            tally.Population = total.Population;
        }
        foreach (var commune in counted)
        {
            var tally = TallyOf(commune.DepartementCode);
            tally.Add(commune.Status);
            if (commune.Status == TerritoryCampaignStatus.Committed)
            {
                tally.CommittedPopulation += commune.Population ?? 0;
            }
        }

        var regionOf = departements.ToDictionary(d => d.Code, d => d.RegionCode);
        var departementRows = departements
            .Select(d => TallyOf(d.Code).Row(d.Code, d.Name))
            .ToList();
        var regionRows = regions
            .OrderBy(r => r.Code, StringComparer.Ordinal)
            .Select(r => Tally.Sum(byDepartement.Where(t => regionOf.GetValueOrDefault(t.Key) == r.Code).Select(t => t.Value)).Row(r.Code, r.Name))
            .ToList();
        var national = Tally.Sum(byDepartement.Values).Row("FR", "France");
        return new ScoreboardResult(national, regionRows, departementRows, asked);
    }

    /// <summary>Counts while they are summed; never-asked is whatever is left of the communes.</summary>
    private sealed class Tally
    {
        public int Communes { get; set; }
        public long Population { get; set; }
        public long CommittedPopulation { get; set; }
        public Dictionary<TerritoryCampaignStatus, int> Counts { get; } = [];

        public void Add(TerritoryCampaignStatus status, int count = 1) => Counts[status] = Counts.GetValueOrDefault(status) + count;

        public static Tally Sum(IEnumerable<Tally> tallies)
        {
            var sum = new Tally();
            foreach (var tally in tallies)
            {
                sum.Communes += tally.Communes;
                sum.Population += tally.Population;
                sum.CommittedPopulation += tally.CommittedPopulation;
                foreach (var (status, count) in tally.Counts)
                {
                    sum.Add(status, count);
                }
            }
            return sum;
        }

        public ScoreboardRow Row(string code, string name)
        {
            var counts = CampaignCodes.Statuses.ToDictionary(s => s.Value, s => Counts.GetValueOrDefault(s.Value));
            counts[TerritoryCampaignStatus.NeverAsked] = Math.Max(0, Communes - Counts.Where(c => c.Key != TerritoryCampaignStatus.NeverAsked).Sum(c => c.Value));
            return new ScoreboardRow(code, name, counts, CommittedPopulation, Population);
        }
    }
}
