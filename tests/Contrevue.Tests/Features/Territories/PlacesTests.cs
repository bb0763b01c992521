using System.Diagnostics;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Import;
using Contrevue.Features.Territories.Places;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Contrevue.Tests.Features.Territories;

/// <summary>Communes' centres from the vendored GeoNames gazetteer, on the whole of France, and point placement.</summary>
[Collection(AppsCollection.Name)]
public sealed class PlacesBundledTests(TestApps apps, ITestOutputHelper output)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_bundled_import_gives_centres_to_communes_of_corsica_overseas_and_the_arrondissements(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();

        var centres = await db.Set<Commune>().AsNoTracking().Where(c => c.CentreSource == CommuneCentreSource.GeoNames)
            .ToDictionaryAsync(c => c.Code, c => (Lat: c.CentreLatitude!.Value, Lon: c.CentreLongitude!.Value));
        output.WriteLine($"Communes and arrondissements with a GeoNames centre: {centres.Count}");
        // GeoNames lists places of more than 1,000 inhabitants: about a quarter of the communes.
        Assert.InRange(centres.Count, 7500, 9091);
        Assert.Equal((45.43389, 4.39), centres["42218"]);
        Assert.Equal((41.91886, 8.73812), centres["2A004"]); // Ajaccio
        Assert.Equal((42.70219, 9.45123), centres["2B033"]); // Bastia
        Assert.Equal((48.87668, 2.35904), centres["75110"]); // Paris 10e
        Assert.Equal((45.76758, 4.8345), centres["69381"]); // Lyon 1er
        Assert.Equal((43.29814, 5.38407), centres["13201"]); // Marseille 1er
        Assert.Contains("97411", centres.Keys); // Saint-Denis (La Réunion)
        Assert.Contains("97611", centres.Keys); // Mamoudzou (Mayotte: no admin2 in GeoNames)
        Assert.Contains("97302", centres.Keys); // Cayenne
        var seam = await scope.ServiceProvider.GetRequiredService<TerritoryQueries>().CommuneCentresAsync(default);
        Assert.Equal("2A", seam["2A004"].DepartementCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_locator_places_100000_points_of_france_in_seconds(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var locator = await CommuneLocator.LoadAsync(db, default);

        var random = new Random(18);
        var stopwatch = Stopwatch.StartNew();
        var placed = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var placement = await locator.LocateAsync(42.3 + random.NextDouble() * 8.8, -4.8 + random.NextDouble() * 13, null, default);
            placed += placement is null ? 0 : 1;
        }
        stopwatch.Stop();
        output.WriteLine($"100,000 points placed in {stopwatch.ElapsedMilliseconds} ms");
        Assert.Equal(100_000, placed);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"{stopwatch.Elapsed}");

        var saintEtienne = await locator.LocateAsync(45.4395, 4.3872, null, default);
        Assert.Equal(new CommunePlacement("42218", "42", Approximate: true), saintEtienne);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Demo_cameras_for_the_bench_100000_placed_and_written_well_under_a_minute(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var written = await Contrevue.Features.Osm.Demo.DemoCamerasCommand.GenerateAsync(
                db, scope.ServiceProvider.GetRequiredService<TerritoryQueries>(), 100_000, 18, TimeProvider.System, default);
            stopwatch.Stop();
            output.WriteLine($"100,000 demo cameras in {stopwatch.ElapsedMilliseconds} ms");
            Assert.Equal(100_000, written);
            Assert.Equal(100_000, await db.Set<Contrevue.Features.Osm.OsmCamera>().CountAsync(c => c.AreaKey == "demo" && c.CommuneCode != null));
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(45), $"{stopwatch.Elapsed}");
        }
        finally
        {
            // The shared app's other tests read real cameras only.
            await db.Set<Contrevue.Features.Osm.OsmCamera>().Where(c => c.AreaKey == "demo").ExecuteDeleteAsync();
        }
    }
}

public sealed class PlacesTests
{
    private static readonly CommuneLocator Locator = CommuneLocator.FromCentres(
    [
        ("42218", "42", 45.4339, 4.3900),
        ("42095", "42", 45.3883, 4.2883),
        ("43157", "43", 45.2640, 4.2300),
        ("69123", "69", 45.7578, 4.8320),
        ("97411", "974", -20.8823, 55.4504),
    ]);

    [Fact]
    public async Task The_nearest_centre_wins_and_the_result_says_it_is_approximate()
    {
        Assert.Equal(new CommunePlacement("42095", "42", true), await Locator.LocateAsync(45.38, 4.29, null, default));
        Assert.Equal(new CommunePlacement("69123", "69", true), await Locator.LocateAsync(45.70, 4.90, null, default));
        // Far from every neighbour cell: found all the same.
        Assert.Equal(new CommunePlacement("97411", "974", true), await Locator.LocateAsync(-21.1, 55.5, null, default));
    }

    [Fact]
    public async Task A_known_departement_keeps_the_point_inside_it()
    {
        // Closer to Firminy (42), but the caller knows it is in Haute-Loire.
        Assert.Equal("42095", (await Locator.LocateAsync(45.33, 4.26, null, default))!.CommuneCode);
        Assert.Equal("43157", (await Locator.LocateAsync(45.33, 4.26, "43", default))!.CommuneCode);
    }

    [Fact]
    public async Task Nothing_loaded_places_nothing() =>
        Assert.Null(await CommuneLocator.FromCentres([]).LocateAsync(45, 4, null, default));

    [Theory]
    [InlineData("Paris 1er Arrondissement", "75101")]
    [InlineData("Paris 20e Arrondissement", "75120")]
    [InlineData("Lyon 09", "69389")]
    [InlineData("Marseille 16", "13216")]
    [InlineData("Lyon", null)]
    [InlineData("Marseille-en-Beauvaisis", null)]
    public void Arrondissements_are_recognised_by_their_geonames_names(string name, string? code) =>
        Assert.Equal(code, GeoNamesCentres.ArrondissementCode(name));

    [Fact]
    public void Ambiguous_names_are_left_out_and_overseas_rows_without_admin2_use_their_country()
    {
        var places = new List<GeoNamesCentres.Place>
        {
            new("Saint-Étienne", "45.43389", "4.39", "FR", "42"),
            new("Villeneuve", "45.1", "4.1", "FR", "42"),
            new("Villeneuve", "45.2", "4.2", "FR", "42"),
            new("Mamoudzou", "-12.78234", "45.22878", "YT", ""),
            new("Firminy", "not a number", "4.28", "FR", "42"),
        };
        var matches = GeoNamesCentres.MatchCommunes(places,
            [("42218", "Saint-Étienne", "42"), ("42999", "Villeneuve", "42"), ("97611", "Mamoudzou", "976"), ("42095", "Firminy", "42"), ("69999", "Saint-Étienne", "69")]);
        Assert.Equal(["42218", "97611"], matches.Select(m => m.CommuneCode).Order());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_reimport_refreshes_geonames_centres_and_keeps_those_from_contours(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider);
        var options = new DbContextOptionsBuilder<ContrevueDbContext>();
        DatabaseSetup.Configure(options, database.Provider, database.ConnectionString);
        await using var db = new ContrevueDbContext(options.Options);
        await db.Database.MigrateAsync();
        var importer = new TerritoryImporter(db, TimeProvider.System, NullLogger<TerritoryImporter>.Instance);
        var fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");

        var report = await importer.ImportAsync(await TerritorySource.ReadAsync(Path.Combine(fixtures, "territories-v1"), default), TerritoryImportOrigin.Directory, false, default);
        Assert.True(report.Centres >= 4, $"{report.Centres}");
        await db.Set<Commune>().Where(c => c.Code == "42095").ExecuteUpdateAsync(s => s
            .SetProperty(c => c.CentreLatitude, 45.39).SetProperty(c => c.CentreLongitude, 4.29).SetProperty(c => c.CentreSource, CommuneCentreSource.Contour));
        await db.Set<Commune>().Where(c => c.Code == "42218").ExecuteUpdateAsync(s => s.SetProperty(c => c.CentreLatitude, 0.0));

        await importer.ImportAsync(await TerritorySource.ReadAsync(Path.Combine(fixtures, "territories-v2"), default), TerritoryImportOrigin.Directory, false, default);

        var centres = await db.Set<Commune>().AsNoTracking().ToDictionaryAsync(c => c.Code, c => (c.CentreLatitude, c.CentreLongitude, c.CentreSource));
        Assert.Equal((45.39, 4.29, CommuneCentreSource.Contour), centres["42095"]);
        Assert.Equal((45.43389, 4.39, CommuneCentreSource.GeoNames), centres["42218"]);
        Assert.Equal(CommuneCentreSource.GeoNames, centres["69381"].CentreSource);
    }
}
