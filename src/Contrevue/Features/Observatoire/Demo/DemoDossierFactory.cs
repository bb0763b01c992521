using Contrevue.Infrastructure.Text;
using System.Globalization;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Search;

namespace Contrevue.Features.Observatoire.Demo;

internal sealed record DemoCommune(string Code, string Name, string Slug, string DepartementCode, string RegionCode, int Population);

internal sealed record DemoVendor(int Id, string Name, string[] Products);

/// <summary>
/// Makes fictional dossiers, entirely from one seeded <see cref="Random"/>: the same seed, communes and
/// vendors give the same dossiers. Every value is one the dossier editor would accept, and the
/// denormalised fields are set exactly as it sets them.
/// </summary>
internal sealed class DemoDossierFactory
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly DateOnly FirstDay = new(2012, 1, 1);
    /// <summary>A fixed end rather than today, so that a seed gives the same dossiers whatever the day.</summary>
    private static readonly DateOnly DefaultLastDay = new(2025, 10, 31);

    private static readonly (DossierStatus[] Path, int Weight)[] StatusPaths = DemoTexts.Statuses.Select(s => (s.Path, s.Weight)).ToArray();
    private static readonly string[] EventCodes = ObservatoireCodes.ExperimentationEvents.Select(e => e.Code).ToArray();

    private readonly Random _random;
    private readonly IReadOnlyList<DemoCommune> _communes;
    private readonly long[] _cumulativePopulation;
    private readonly IReadOnlyDictionary<string, string> _departementNames;
    private readonly IReadOnlyDictionary<string, string> _regionNames;
    private readonly IReadOnlyList<DemoVendor> _vendors;
    private readonly DateOnly _lastDay;

    /// <param name="excludedCommune">A commune that random placement never picks (its dossiers are placed on purpose).</param>
    public DemoDossierFactory(
        int seed, IReadOnlyList<DemoCommune> communes, IReadOnlyDictionary<string, string> departementNames,
        IReadOnlyDictionary<string, string> regionNames, IReadOnlyList<DemoVendor> vendors, DateOnly today, string? excludedCommune)
    {
        _random = new Random(seed);
        _communes = communes;
        _departementNames = departementNames;
        _regionNames = regionNames;
        _vendors = vendors;
        _lastDay = today < DefaultLastDay ? today : DefaultLastDay;
        // Weighted by population: big cities get more dossiers, as they have more projects.
        _cumulativePopulation = new long[communes.Count];
        long total = 0;
        for (var i = 0; i < communes.Count; i++)
        {
            total += communes[i].Code == excludedCommune ? 0 : Math.Max(1, communes[i].Population);
            _cumulativePopulation[i] = total;
        }
    }

    public DemoCommune PickCommune()
    {
        var point = _random.NextInt64(_cumulativePopulation[^1]);
        var index = Array.BinarySearch(_cumulativePopulation, point + 1);
        return _communes[index >= 0 ? index : ~index];
    }

    /// <summary>How many sources each dossier gets: one each, the rest spread at random (at most the editor's limit per dossier).</summary>
    public int[] SpreadSources(int dossiers, int sources)
    {
        var counts = Enumerable.Repeat(1, dossiers).ToArray();
        for (var extra = sources - dossiers; extra > 0;)
        {
            var index = _random.Next(dossiers);
            if (counts[index] < DossierLimits.MaxSources)
            {
                counts[index]++;
                extra--;
            }
        }
        return counts;
    }

    public Dossier Make(DemoCommune commune, int sourceCount, DateTime createdAt)
    {
        var joExperimentation = _random.Next(100) < 5;
        var technologies = PickTechnologies(joExperimentation);
        var main = technologies[0];
        var timeline = MakeTimeline();
        var latest = timeline[^1];
        var cameraCount = MakeCameraCount(main, commune.Population);
        var budget = MakeBudget(cameraCount);
        var title = DemoTexts.TitlePrefix
            + string.Format(French, Pick(DemoTexts.TitlesOf(main)), DemoTexts.At(commune.Name), DemoTexts.Of(commune.Name))
            + $" ({timeline[0].On.Year})";
        var slug = SearchText.Slug(title);
        var dossier = new Dossier
        {
            Title = title,
            Slug = slug.Length > 0 ? slug[..Math.Min(slug.Length, 80)].TrimEnd('-') : "dossier",
            AuthorityKind = AuthorityKind.Commune,
            AuthorityCode = commune.Code,
            AuthorityName = commune.Name,
            TerritoryKind = TerritoryKind.Commune,
            TerritoryCode = commune.Code,
            CommuneCode = commune.Code,
            EpciSiren = null,
            DepartementCode = commune.DepartementCode,
            RegionCode = commune.RegionCode,
            Technologies = technologies.Aggregate(Technology.None, (all, t) => all | t),
            Status = latest.Status,
            StatusSince = latest.On,
            StatusChanges = timeline,
            CameraCount = cameraCount,
            BudgetEur = budget,
            Fundings = MakeFundings(budget, commune),
            JoExperimentation = joExperimentation,
            ExperimentationEvents = joExperimentation ? string.Join('\n', PickEvents()) : "",
            IsFictional = true,
            CreatedAt = createdAt,
            UpdatedAt = createdAt,
        };
        if (_random.Next(100) < 60)
        {
            var issuedOn = RandomDate(FirstDay, _lastDay);
            dossier.AuthorizationNumber = $"{commune.DepartementCode}-{issuedOn.Year}-{_random.Next(1, 1000):000}";
            dossier.AuthorizationIssuedOn = issuedOn;
            dossier.AuthorizationExpiresOn = DossierFlags.ExpiryOf(issuedOn);
            dossier.AuthorizationCoversVideoVerbalisation = _random.Next(2) == 0;
            dossier.AuthorizationPurposes = string.Join(" ; ", PickDistinct(DemoTexts.AuthorizationPurposes, _random.Next(1, 4)));
        }
        dossier.Vendors = MakeVendors();
        dossier.Summary = MakeSummary(dossier, commune, technologies);
        dossier.Sources = MakeSources(dossier, commune, technologies, sourceCount, createdAt);
        return dossier;
    }

    private List<Technology> PickTechnologies(bool joExperimentation)
    {
        var roll = _random.Next(100);
        var count = roll < 50 ? 1 : roll < 85 ? 2 : 3;
        var picked = new List<Technology>(count);
        while (picked.Count < count)
        {
            var technology = Weighted(DemoTexts.Technologies);
            if (!picked.Contains(technology))
            {
                picked.Add(technology);
            }
        }
        // The Olympic Games experimentation is about algorithmic video surveillance.
        if (joExperimentation && !picked.Contains(Technology.Vsa))
        {
            picked[0] = Technology.Vsa;
        }
        return picked;
    }

    /// <summary>1 to 4 steps of the usual path to the final status, in date order.</summary>
    private List<DossierStatusChange> MakeTimeline()
    {
        var path = Weighted(StatusPaths);
        var steps = path[^_random.Next(1, Math.Min(4, path.Length) + 1)..];
        var gaps = steps.Skip(1).Select(_ => _random.Next(20, 400)).ToList();
        var day = RandomDate(FirstDay, _lastDay.AddDays(-gaps.Sum()));
        var timeline = new List<DossierStatusChange>(steps.Length);
        for (var i = 0; i < steps.Length; i++)
        {
            day = i == 0 ? day : day.AddDays(gaps[i - 1]);
            timeline.Add(new DossierStatusChange
            {
                Status = steps[i],
                On = day,
                Note = _random.Next(2) == 0 ? DemoTexts.NoteOf(steps[i]) : null,
            });
        }
        return timeline;
    }

    private int? MakeCameraCount(Technology main, int population)
    {
        if (_random.Next(100) < 15)
        {
            return null;
        }
        if (main == Technology.Drones)
        {
            return _random.Next(1, 6);
        }
        return Math.Max(1, (int)(Math.Sqrt(population) / 4 * (0.5 + 2.5 * _random.NextDouble())));
    }

    private long? MakeBudget(int? cameraCount)
    {
        if (_random.Next(100) < 20)
        {
            return null;
        }
        return cameraCount is { } cameras
            ? cameras * _random.Next(3, 16) * 1000L
            : _random.Next(20, 2000) * 1000L;
    }

    private List<DossierFunding> MakeFundings(long? budget, DemoCommune commune)
    {
        var fundings = new List<DossierFunding>();
        if (budget is not { } total)
        {
            if (_random.Next(100) < 30)
            {
                fundings.Add(new DossierFunding { Kind = FunderKind.State, Name = "FIPD" });
            }
            return fundings;
        }
        long Share(int minPercent, int maxPercent) => total * _random.Next(minPercent, maxPercent + 1) / 100 / 1000 * 1000;
        if (_random.Next(100) < 50)
        {
            fundings.Add(new DossierFunding { Kind = FunderKind.State, Name = "FIPD", AmountEur = Share(20, 50) });
        }
        if (_random.Next(100) < 25)
        {
            fundings.Add(new DossierFunding { Kind = FunderKind.Region, Name = $"Région {_regionNames.GetValueOrDefault(commune.RegionCode, commune.RegionCode)}", AmountEur = Share(10, 30) });
        }
        if (_random.Next(100) < 20)
        {
            fundings.Add(new DossierFunding { Kind = FunderKind.Departement, Name = $"Département {_departementNames.GetValueOrDefault(commune.DepartementCode, commune.DepartementCode)}", AmountEur = Share(5, 20) });
        }
        if (_random.Next(100) < 40)
        {
            var others = fundings.Sum(f => f.AmountEur ?? 0);
            fundings.Add(new DossierFunding { Kind = FunderKind.Commune, Name = $"Ville {DemoTexts.Of(commune.Name)}", AmountEur = Math.Max(0, total - others) });
        }
        return fundings;
    }

    private List<string> PickEvents() =>
        PickDistinct(EventCodes, _random.Next(1, 5));

    private List<DossierVendor> MakeVendors()
    {
        if (_vendors.Count == 0 || _random.Next(100) >= 70)
        {
            return [];
        }
        return PickDistinct(_vendors, Math.Min(_vendors.Count, _random.Next(1, 4)))
            .Select(v => new DossierVendor { VendorId = v.Id, Product = _random.Next(100) < 60 ? Pick(v.Products) : null })
            .ToList();
    }

    private string MakeSummary(Dossier dossier, DemoCommune commune, List<Technology> technologies)
    {
        var first = dossier.StatusChanges[0];
        var text = new List<string>
        {
            $"En {first.On.Year}, la commune {DemoTexts.Of(commune.Name)} annonce {DemoTexts.ProjectOf(technologies[0])}.",
        };
        if (technologies.Count > 1)
        {
            text.Add($"Le projet comprend aussi {string.Join(" et ", technologies.Skip(1).Select(DemoTexts.ProjectOf))}.");
        }
        if (dossier.CameraCount is { } cameras && dossier.BudgetEur is { } budget)
        {
            text.Add($"Il porte sur {cameras.ToString("N0", French)} caméras pour un budget de {budget.ToString("N0", French)} €.");
        }
        else if (dossier.BudgetEur is { } budgetOnly)
        {
            text.Add($"Son budget est de {budgetOnly.ToString("N0", French)} €.");
        }
        if (dossier.Vendors.Count > 0)
        {
            text.Add($"Le marché a été confié à {_vendors.First(v => v.Id == dossier.Vendors[0].VendorId).Name}.");
        }
        if (dossier.JoExperimentation)
        {
            text.Add("Il fait partie de l'expérimentation prévue par la loi relative aux jeux Olympiques et Paralympiques de 2024.");
        }
        text.Add(DemoTexts.StatusSentence(dossier.Status, dossier.StatusSince!.Value.ToString("d MMMM yyyy", French)));
        return $"{DemoTexts.SummaryLead}\n\n{string.Join(' ', text)}";
    }

    private List<Source> MakeSources(Dossier dossier, DemoCommune commune, List<Technology> technologies, int count, DateTime createdAt)
    {
        var facts = new List<DossierFact> { DossierFact.Status, DossierFact.Technologies };
        if (dossier.CameraCount is not null)
        {
            facts.Add(DossierFact.CameraCount);
        }
        if (dossier.BudgetEur is not null)
        {
            facts.Add(DossierFact.Budget);
        }
        if (dossier.Vendors.Count > 0)
        {
            facts.Add(DossierFact.Vendors);
        }
        if (dossier.AuthorizationIssuedOn is not null)
        {
            facts.Add(DossierFact.Authorization);
        }
        var from = dossier.StatusChanges[0].On.AddDays(-30);
        from = from < FirstDay ? FirstDay : from;
        var until = dossier.StatusSince!.Value.AddDays(365);
        until = until > _lastDay ? _lastDay : until;
        var sources = new List<Source>(count);
        for (var i = 0; i < count; i++)
        {
            var kind = Weighted(DemoTexts.SourceKinds);
            var publishedOn = RandomDate(from, until);
            var retrievedOn = publishedOn.AddDays(_random.Next(0, 90));
            var (title, publisher) = SourceTitle(kind, commune, technologies, publishedOn.Year);
            sources.Add(new Source
            {
                Kind = kind,
                Title = title,
                Publisher = publisher,
                PublishedOn = publishedOn,
                Url = $"{DemoTexts.UrlRoot}/{ObservatoireCodes.SourceKinds.Code(kind)}/{commune.Slug}/{publishedOn.Year}-{_random.Next(100_000, 1_000_000)}",
                RetrievedOn = retrievedOn > _lastDay ? _lastDay : retrievedOn,
                Confidence = Weighted(DemoTexts.Confidences),
                // The first source supports the whole dossier, so that every fact is sourced.
                Supports = i == 0 || _random.Next(2) == 0
                    ? DossierFact.None
                    : PickDistinct(facts, _random.Next(1, 3)).Aggregate(DossierFact.None, (all, f) => all | f),
                CreatedAt = createdAt,
            });
        }
        return sources;
    }

    private (string Title, string? Publisher) SourceTitle(SourceKind kind, DemoCommune commune, List<Technology> technologies, int year)
    {
        var number = _random.Next(1, 400);
        var departement = _departementNames.GetValueOrDefault(commune.DepartementCode, commune.DepartementCode);
        var topic = ObservatoireCodes.Technologies.Label(Pick(technologies));
        return kind switch
        {
            SourceKind.Article => (
                Pick(DemoTexts.ArticleTitles)
                    .Replace("{C}", commune.Name, StringComparison.Ordinal)
                    .Replace("{a}", DemoTexts.At(commune.Name), StringComparison.Ordinal)
                    .Replace("{d}", DemoTexts.Of(commune.Name), StringComparison.Ordinal)
                    .Replace("{t}", topic.ToLower(French), StringComparison.Ordinal),
                Pick(DemoTexts.Newspapers)),
            SourceKind.Deliberation => ($"Délibération n° {year}-{number:000} du conseil municipal {DemoTexts.Of(commune.Name)}", $"Ville {DemoTexts.Of(commune.Name)} (fictif)"),
            SourceKind.PublicContract => ($"Avis d'attribution du marché « {topic} » n° {year}-{number:000}", "Plateforme de marchés publics (fictive)"),
            SourceKind.PrefectoralOrder => ($"Arrêté préfectoral n° {commune.DepartementCode}-{year}-{number:000} autorisant un système de vidéoprotection", $"Préfecture (fictive) : {departement}"),
            SourceKind.CadaDocument => ($"Documents obtenus par demande CADA auprès de la mairie {DemoTexts.Of(commune.Name)}", "Collectif local (fictif)"),
            SourceKind.CourtDecision => ($"Jugement du tribunal administratif n° {year}{number:0000}", "Tribunal administratif (fictif)"),
            SourceKind.Report => ($"Rapport sur la vidéosurveillance {DemoTexts.Of(commune.Name)}", "Chambre régionale des comptes (fictive)"),
            SourceKind.OfficialStatement => ($"Communiqué de la mairie {DemoTexts.Of(commune.Name)} : {topic.ToLower(French)}", $"Ville {DemoTexts.Of(commune.Name)} (fictif)"),
            _ => ($"Compte rendu de réunion publique {DemoTexts.At(commune.Name)}", null),
        };
    }

    private DateOnly RandomDate(DateOnly from, DateOnly to) =>
        to <= from ? from : from.AddDays(_random.Next(to.DayNumber - from.DayNumber + 1));

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private List<T> PickDistinct<T>(IReadOnlyList<T> items, int count)
    {
        var picked = new List<T>(count);
        while (picked.Count < Math.Min(count, items.Count))
        {
            var item = Pick(items);
            if (!picked.Contains(item))
            {
                picked.Add(item);
            }
        }
        return picked;
    }

    private T Weighted<T>((T Value, int Weight)[] table)
    {
        var point = _random.Next(table.Sum(e => e.Weight));
        foreach (var (value, weight) in table)
        {
            if (point < weight)
            {
                return value;
            }
            point -= weight;
        }
        return table[^1].Value;
    }
}
