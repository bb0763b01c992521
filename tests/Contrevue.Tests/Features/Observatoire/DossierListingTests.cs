using Contrevue.Data;
using Contrevue.Features.Observatoire;
using Contrevue.Features.Observatoire.Demo;
using Contrevue.Features.Observatoire.Listing;
using Contrevue.Features.Observatoire.Search;
using Contrevue.Infrastructure.Caching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Observatoire;

/// <summary>
/// The observatoire's lists kept in memory (<see cref="DossierListing"/>) give exactly what the database
/// gives for every filter, sort and search, before and after writes this instance makes or hears of.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class DossierListingTests
{
    private const int Max = 1_001;

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_instance_reads_its_lists_before_it_answers_its_first_request(DatabaseProvider provider)
    {
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider));

        // Started, and not asked anything yet: the lists are already read, so the first visitors of an
        // instance that just (re)started do not wait for them together.
        _ = app.Services;

        Assert.Contains(app.Logs.Lines, line => line.Contains("Dossier lists read:", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_lists_in_memory_match_the_database_for_every_filter_sort_and_search_before_and_after_writes(DatabaseProvider provider)
    {
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider));
        using (var scope = app.Services.CreateScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<DemoGenerator>().GenerateAsync(new DemoRequest(600, 900), null, default);
            Assert.IsType<DemoOutcome.Generated>(outcome);
        }
        var listing = app.Services.GetRequiredService<DossierListing>();
        var words = await SearchWordsAsync(app);
        var criteria = Criteria(words).ToList();

        var compared = await AssertSameAsDatabaseAsync(app, listing, criteria);
        Assert.True(compared.NonEmpty > criteria.Count / 2, $"Only {compared.NonEmpty} of {criteria.Count} lists have a dossier: the comparison would prove little.");
        await AssertSearchEngineChecksChangedDossiersAsItMatchesAsync(app, words);

        // Writes as another instance's notification brings them: made in the database, then only evicted here.
        var marker = $"Listingmot{Guid.NewGuid():N}"[..18];
        int renamed, hidden, added;
        string oldTitle;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            var ids = await db.Set<Dossier>().Where(d => !d.IsHidden).OrderBy(d => d.Id).Select(d => d.Id).Take(3).ToListAsync();
            (renamed, hidden) = (ids[0], ids[1]);
            // The rows a page shows are kept too.
            oldTitle = (await listing.DossiersAsync([renamed, hidden], default))[renamed].Title;
            var latest = await db.Set<Dossier>().MaxAsync(d => d.UpdatedAt);
            var dossier = await db.Set<Dossier>().SingleAsync(d => d.Id == renamed);
            dossier.Title = $"Aaa {marker} {words[0]}";
            dossier.CameraCount = 999_999;
            dossier.UpdatedAt = latest.AddDays(1);
            (await db.Set<Dossier>().SingleAsync(d => d.Id == hidden)).IsHidden = true;
            var copy = await db.Set<Dossier>().AsNoTracking().SingleAsync(d => d.Id == ids[2]);
            var extra = new Dossier
            {
                Slug = "listing-extra", Title = $"{words[1]} {marker} nouveau", AuthorityName = copy.AuthorityName,
                TerritoryKind = copy.TerritoryKind, TerritoryCode = copy.TerritoryCode, CommuneCode = copy.CommuneCode,
                DepartementCode = copy.DepartementCode, RegionCode = copy.RegionCode, Technologies = copy.Technologies,
                Status = copy.Status, StatusSince = copy.StatusSince, IsFictional = true, CreatedAt = latest, UpdatedAt = latest,
            };
            db.Add(extra);
            await db.SaveChangesAsync();
            added = extra.Id;
            await scope.ServiceProvider.GetRequiredService<DossierSearchIndexer>().IndexAsync([renamed, hidden, added], default);
        }

        // Not evicted yet: the lists still show the dossiers as they were (what proves they are kept in memory).
        Assert.NotEqual(renamed, (await listing.RankAsync(new DossierCriteria { Sort = DossierSort.Cameras }, Max, default))![0]);
        Assert.DoesNotContain(added, (await listing.RankAsync(new DossierCriteria { Sort = DossierSort.Id }, Max, default))!);
        Assert.Equal(oldTitle, (await listing.DossiersAsync([renamed], default))[renamed].Title);

        await app.Services.GetRequiredService<CacheInvalidation>().EvictLocallyAsync(
            [ObservatoireCache.ListsTag, ObservatoireCache.DossierTag(renamed), ObservatoireCache.DossierTag(hidden), ObservatoireCache.DossierTag(added)], default);

        Assert.Equal([added, renamed], await listing.RankAsync(new DossierCriteria { Query = marker, Sort = DossierSort.Id }, Max, default));
        Assert.Equal(renamed, (await listing.RankAsync(new DossierCriteria { Sort = DossierSort.Recent }, Max, default))![0]);
        Assert.Equal(renamed, (await listing.RankAsync(new DossierCriteria { Sort = DossierSort.Cameras }, Max, default))![0]);
        Assert.DoesNotContain(hidden, (await listing.RankAsync(new DossierCriteria { Sort = DossierSort.Id }, Max, default))!);
        var shown = await listing.DossiersAsync([renamed, hidden, added], default);
        Assert.Equal($"Aaa {marker} {words[0]}", shown[renamed].Title);
        Assert.False(shown.ContainsKey(hidden), "A hidden dossier is not shown on a page.");
        Assert.Equal(added, shown[added].Id);
        // The searches read before the writes are brought up to date, not read again, and agree with the database.
        await AssertSameAsDatabaseAsync(app, listing, criteria);

        // A change that names no dossier (a vendor renamed) has everything read again.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            (await db.Set<Dossier>().SingleAsync(d => d.Id == hidden)).IsHidden = false;
            await db.SaveChangesAsync();
        }
        await app.Services.GetRequiredService<CacheInvalidation>().EvictLocallyAsync([ObservatoireCache.ListsTag], default);
        Assert.Contains(hidden, (await listing.RankAsync(new DossierCriteria { Sort = DossierSort.Id }, Max, default))!);
        await AssertSameAsDatabaseAsync(app, listing, criteria);

        // Vendor and alert filters stay with the database.
        Assert.Null(await listing.RankAsync(new DossierCriteria { VendorIds = [1] }, Max, default));
        Assert.Null(await listing.RankAsync(new DossierCriteria { Flag = DossierFlag.AuthorizationExpired }, Max, default));
    }

    [Theory]
    [InlineData("'camer' & 'deploi':*", "camer", "deploi")]
    [InlineData("'vide':*", "", "vide")]
    [InlineData("'saint' & 'etienn'", "saint etienn", "")]
    [InlineData("", "", "")]
    public void A_printed_tsquery_made_of_lexemes_joined_by_and_is_read_as_terms(string printed, string exact, string prefixes)
    {
        var terms = PostgresDossierSearch.Conjunction(printed)!;
        Assert.Equal(exact.Split(' ', StringSplitOptions.RemoveEmptyEntries), terms.Exact);
        Assert.Equal(prefixes.Split(' ', StringSplitOptions.RemoveEmptyEntries), terms.Prefixes);
    }

    [Theory]
    [InlineData("'camer' <-> 'deploi'")]
    [InlineData("'camer' | 'drone'")]
    [InlineData("'camer' & !'drone'")]
    [InlineData("( 'a' | 'b' ) & 'c'")]
    public void A_printed_tsquery_with_other_operators_stays_with_the_engine(string printed) =>
        Assert.Null(PostgresDossierSearch.Conjunction(printed));

    /// <summary>Words of the generated titles (common and rare), a word found nowhere, two words together.</summary>
    private static async Task<List<string>> SearchWordsAsync(AppFactory app)
    {
        using var scope = app.Services.CreateScope();
        var titles = await scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().Set<Dossier>()
            .OrderBy(d => d.Id).Select(d => d.Title).Take(200).ToListAsync();
        var words = titles.SelectMany(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(w => w.Trim('[', ']', ',', '(', ')', '.'))
            .Where(w => w.Length >= 4 && w.All(char.IsLetter))
            .GroupBy(w => w, StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)
            .ToList();
        Assert.True(words.Count >= 12, string.Join(", ", words));
        // With operators too: PostgreSQL evaluates those itself (phrase, or, exclusion), SQLite reads them as words.
        return [.. words.Take(6), .. words.TakeLast(4), "caméra", "introuvablezzz", $"{words[0]} {words[^1]}", words[2][..3],
            $"\"{words[0]} {words[1]}\"", $"{words[0]} -{words[1]}", $"{words[0]} or {words[3]}", "le", "les cam"];
    }

    private static IEnumerable<DossierCriteria> Criteria(IReadOnlyList<string> words)
    {
        DossierCriteria[] filters =
        [
            new(),
            new() { DepartementCode = "42" },
            new() { RegionCode = "84" },
            new() { CommuneCode = "42218" },
            new() { Status = DossierStatus.Deployed },
            new() { Technology = Technology.Vsa },
            new() { Fictional = FictionalFilter.Exclude },
            new() { Fictional = FictionalFilter.Only, Technology = Technology.Drones },
            new() { From = new DateOnly(2015, 1, 1), To = new DateOnly(2022, 12, 31) },
        ];
        foreach (var sort in Enum.GetValues<DossierSort>())
        {
            foreach (var filter in filters)
            {
                yield return filter with { Sort = sort };
            }
            foreach (var word in words)
            {
                yield return new DossierCriteria { Query = word, Sort = sort };
                yield return new DossierCriteria { Query = word, Sort = sort, Status = DossierStatus.Deployed };
            }
        }
    }

    private static async Task<(int Compared, int NonEmpty)> AssertSameAsDatabaseAsync(AppFactory app, DossierListing listing, IReadOnlyList<DossierCriteria> criteria)
    {
        using var scope = app.Services.CreateScope();
        var query = scope.ServiceProvider.GetRequiredService<DossierListQuery>();
        var nonEmpty = 0;
        foreach (var c in criteria)
        {
            var expected = await DossierListQuery.Ordered(await query.FilteredAsync(c, default), c.Sort).Select(d => d.Id).Take(Max).ToListAsync();
            var actual = await listing.RankAsync(c, Max, default);
            Assert.True(expected.SequenceEqual(actual!),
                $"{c}: the database gives {expected.Count} ids ({string.Join(", ", expected.Take(8))}…), memory {actual!.Count} ({string.Join(", ", actual.Take(8))}…)");
            nonEmpty += expected.Count > 0 ? 1 : 0;
        }
        return (criteria.Count, nonEmpty);
    }

    /// <summary>The check of a few dossiers against a search gives what the search itself gives for them.</summary>
    private static async Task AssertSearchEngineChecksChangedDossiersAsItMatchesAsync(AppFactory app, IReadOnlyList<string> words)
    {
        using var scope = app.Services.CreateScope();
        var search = scope.ServiceProvider.GetRequiredService<IDossierSearch>();
        var ids = await scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().Set<Dossier>().Select(d => d.Id).ToListAsync();
        foreach (var word in words)
        {
            var matching = (await search.MatchingIds(word).ToListAsync()).ToHashSet();
            var checkedOnes = await search.MatchingAmongAsync(word, ids, default);
            Assert.True(matching.SetEquals(checkedOnes), $"« {word} »: {matching.Count} matches, {checkedOnes.Count} found by checking each dossier");
        }
        // Every kept search at once, as after a write: each gets what it gets alone, in its place.
        var some = ids.Where(id => id % 3 == 0).ToList();
        var together = await search.MatchingAmongAsync(words, some, default);
        Assert.Equal(words.Count, together.Count);
        for (var i = 0; i < words.Count; i++)
        {
            var alone = await search.MatchingAmongAsync(words[i], some, default);
            Assert.True(alone.SetEquals(together[i]), $"« {words[i]} »: {alone.Count} alone, {together[i].Count} with the other searches");
        }
        Assert.Contains(together, matches => matches.Count > 0);
    }
}
