using Contrevue.Features.Osm;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Import;
using Contrevue.Features.Territories.Places;
using Contrevue.Infrastructure.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using NetTopologySuite.Geometries;
using Contrevue.Tests.Features.Osm;

namespace Contrevue.Tests.Features.Territories;

/// <summary><c>import contours</c>: outlines, centres inside them, and exact placement.</summary>
public sealed class PlacesContourTests
{
    private static ContourImporter Importer(ContrevueDbContext db) => new(db, TimeProvider.System, NullLogger<ContourImporter>.Instance);

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Contours_load_with_a_centre_inside_each_and_place_points_exactly(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider);
        await using var db = await OsmTestWorld.OpenAsync(database);

        var report = await Importer(db).ImportFileAsync(OsmTestWorld.Fixture("contours-loire-lyon.geojson"), default);

        Assert.Equal((3, 1, 0), (report.Contours, report.UnknownCommunes, report.Unreadable));
        var firminy = await db.Set<CommuneContour>().AsNoTracking().SingleAsync(c => c.CommuneCode == "42095");
        Assert.Equal((4.20, 45.30, 4.32, 45.41), (firminy.MinLongitude, firminy.MinLatitude, firminy.MaxLongitude, firminy.MaxLatitude));
        var geometry = ContourGeometry.TryRead(firminy.GeometryJson);
        Assert.IsType<MultiPolygon>(geometry);
        var centres = await db.Set<Commune>().AsNoTracking().Where(c => c.CentreSource == CommuneCentreSource.Contour)
            .ToDictionaryAsync(c => c.Code, c => new Point(c.CentreLongitude!.Value, c.CentreLatitude!.Value));
        Assert.Equal(["42095", "42218", "69123"], centres.Keys.Order());
        Assert.True(geometry!.Contains(centres["42095"]), "Firminy's centre must be inside its outline, not in its hole");

        var locator = await CommuneLocator.LoadAsync(db, default);
        Assert.Equal(new CommunePlacement("42218", "42", false), await locator.LocateAsync(45.44, 4.39, null, default));
        Assert.Equal(new CommunePlacement("42095", "42", false), await locator.LocateAsync(45.305, 4.21, null, default)); // the exclave
        var inTheHole = await locator.LocateAsync(45.375, 4.2675, null, default);
        Assert.True(inTheHole!.Approximate);
        Assert.Equal(new CommunePlacement("69123", "69", false), await locator.LocateAsync(45.7640, 4.8357, null, default));

        // Cameras imported afterwards are placed inside the outlines.
        await OsmTestWorld.ImportAsync(db, "loire-2026-11-01.overpass.json", "departement:42");
        var cameras = await db.Set<OsmCamera>().AsNoTracking().ToDictionaryAsync(c => c.NodeId, c => (c.CommuneCode, c.PlacementApproximate));
        Assert.Equal(("42218", false), cameras[4611686001]);
        Assert.Equal(("42095", false), cameras[4611686003]);

        // A later territory import keeps the contours' centres.
        await new TerritoryImporter(db, TimeProvider.System, NullLogger<TerritoryImporter>.Instance).ImportAsync(
            await TerritorySource.ReadAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "territories-v1"), default), TerritoryImportOrigin.Directory, force: true, default);
        Assert.Equal(CommuneCentreSource.Contour, (await db.Set<Commune>().AsNoTracking().SingleAsync(c => c.Code == "42218")).CentreSource);
    }

    [Fact]
    public async Task A_file_that_is_no_feature_collection_is_refused_in_french_with_exit_code_1()
    {
        await using var database = await TestDatabases.CreateAsync(DatabaseProvider.Sqlite);
        await using (await OsmTestWorld.OpenAsync(database))
        {
        }
        var file = Path.Combine(Path.GetTempPath(), $"contours-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, "{\"type\":\"Topology\",\"arcs\":[[[0,0],[1,1]]]}");
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(1, await ContrevueCli.RunAsync(["import", "contours", file,
                $"--Database:Provider={database.Provider}", $"--ConnectionStrings:Default={database.ConnectionString}"]));
        }
        finally
        {
            Console.SetError(previous);
            File.Delete(file);
        }
        Assert.Contains("Import impossible : Ce GeoJSON n'a pas de liste « features ».", error.ToString());
    }
}
