using System.Text.Json;
using Contrevue.Features.Osm;
using Contrevue.Features.Osm.Import;
using Contrevue.Infrastructure.Cli;
using Microsoft.EntityFrameworkCore;
using static Contrevue.Tests.Features.Osm.OsmTestWorld;

namespace Contrevue.Tests.Features.Osm;

/// <summary><c>import osm</c> on real-shaped exports of the three formats, on both databases.</summary>
public sealed class OsmImportTests
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_overpass_export_loads_its_surveillance_nodes_placed_in_communes_and_ignores_the_rest(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider);
        await using var db = await OpenAsync(database);

        var report = await ImportAsync(db, "loire-2026-11-01.overpass.json", "departement:42");

        Assert.Equal(OsmExportFormat.OverpassJson, report.Format);
        // Two nodes without man_made=surveillance (one of a way, a bench), a way tagged surveillance, a relation.
        Assert.Equal((4, 0, 0, 0, 4), (report.Added, report.Updated, report.Unchanged, report.Removed, report.Ignored));
        Assert.Equal(new DateTime(2026, 11, 1, 10, 0, 0, DateTimeKind.Utc), report.ExportedAt);
        var cameras = await db.Set<OsmCamera>().AsNoTracking().OrderBy(c => c.NodeId).ToListAsync();
        Assert.Equal([4611686001L, 4611686002, 4611686003, 4611686004], cameras.Select(c => c.NodeId));
        var dome = cameras[0];
        Assert.Equal((3, 45.439512, 4.387231, "public", "camera", "town", "dome", "pole", "Ville de Saint-Étienne"),
            (dome.Version, dome.Latitude, dome.Longitude, dome.Surveillance, dome.SurveillanceType, dome.Zone, dome.CameraType, dome.CameraMount, dome.Operator));
        Assert.Equal(("42218", "42", true, "departement:42"), (dome.CommuneCode, dome.DepartementCode, dome.PlacementApproximate, dome.AreaKey));
        var tags = JsonSerializer.Deserialize<Dictionary<string, string>>(dome.TagsJson)!;
        Assert.Equal("surveillance", tags["man_made"]);
        Assert.Equal(7, tags.Count);
        Assert.Equal(("ALPR", "NE"), (cameras[1].SurveillanceType, cameras[1].CameraDirection));
        Assert.Equal("42095", cameras[2].CommuneCode);
        Assert.Equal(("indoor", "42218"), (cameras[3].Surveillance, cameras[3].CommuneCode));
        var run = await db.Set<OsmImport>().SingleAsync();
        Assert.Equal(("departement:42", "OverpassJson", 4, 4), (run.AreaKey, run.Format, run.Added, run.Ignored));
        Assert.Equal(64, run.SourceHash.Length);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_tag_cut_to_its_column_never_keeps_half_a_character(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider);
        await using var db = await OpenAsync(database);
        // 99 letters then a camera emoji (two UTF-16 units, the 100th and 101st): the zone column keeps 100 units.
        var zone = new string('z', 99) + "📹 parking";
        var file = Path.Combine(Directory.CreateTempSubdirectory("contrevue-osm-").FullName, "emoji.overpass.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new
        {
            version = 0.6,
            osm3s = new { timestamp_osm_base = "2026-11-01T10:00:00Z" },
            elements = new[]
            {
                new { type = "node", id = 4611686999L, lat = 45.44, lon = 4.39, version = 1,
                      tags = new Dictionary<string, string> { ["man_made"] = "surveillance", ["surveillance:zone"] = zone } },
            },
        }));

        var report = await Importer(db).ImportFileAsync(file, OsmArea.Unspecified, OsmImporter.DefaultMaxBytes, default);

        Assert.Equal(1, report.Added);
        var camera = await db.Set<OsmCamera>().AsNoTracking().SingleAsync();
        Assert.Equal(new string('z', 99), camera.Zone);
        // The whole tag stays whole in the tags kept as JSON.
        Assert.Equal(zone, JsonSerializer.Deserialize<Dictionary<string, string>>(camera.TagsJson)!["surveillance:zone"]);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Importing_the_same_export_twice_changes_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider);
        await using var db = await OpenAsync(database);
        await ImportAsync(db, "loire-2026-11-01.overpass.json", "departement:42");
        var before = await Snapshot(db);

        var again = await ImportAsync(db, "loire-2026-11-01.overpass.json", "departement:42");

        Assert.Equal((0, 0, 4, 0), (again.Added, again.Updated, again.Unchanged, again.Removed));
        Assert.Equal(before, await Snapshot(db));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_newer_export_of_the_area_updates_edited_nodes_adds_new_ones_and_removes_deleted_ones(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider);
        await using var db = await OpenAsync(database);
        await ImportAsync(db, "loire-2026-11-01.overpass.json", "departement:42");
        // A camera of Lyon, from another area's export: a Loire export says nothing about it.
        await ImportAsync(db, "lyon-2026-11-01.overpass.json", "commune:69123");

        var report = await ImportAsync(db, "loire-2026-11-15.overpass.json", "departement:42");

        Assert.Equal((1, 1, 2, 1), (report.Added, report.Updated, report.Unchanged, report.Removed));
        var cameras = await db.Set<OsmCamera>().AsNoTracking().OrderBy(c => c.NodeId).ToListAsync();
        Assert.Equal([4611686001L, 4611686003, 4611686004, 4611686005, 4611686900], cameras.Select(c => c.NodeId));
        Assert.Equal((4, "210"), (cameras[0].Version, cameras[0].CameraDirection));
        Assert.Equal(("panning", "Saint-Étienne Métropole", "2026-09"), (cameras[3].CameraType, cameras[3].Operator, cameras[3].StartDate));
        Assert.All(cameras.Take(4), c => Assert.Equal(new DateTime(2026, 11, 15, 8, 30, 0, DateTimeKind.Utc), c.ExportedAt));
        Assert.Equal("69123", cameras[4].CommuneCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_export_older_than_the_last_one_of_its_area_is_refused_in_french_and_changes_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider);
        await using var db = await OpenAsync(database);
        await ImportAsync(db, "loire-2026-11-15.overpass.json", "departement:42");
        var before = await Snapshot(db);
        db.ChangeTracker.Clear();

        var refusal = await Assert.ThrowsAsync<OsmImportException>(() => ImportAsync(db, "loire-2026-11-01.overpass.json", "departement:42"));

        Assert.Contains("plus ancien que le dernier importé pour la zone departement:42", refusal.Message);
        db.ChangeTracker.Clear();
        Assert.Equal(before, await Snapshot(db));
        Assert.Equal(1, await db.Set<OsmImport>().CountAsync());
        // Without an area, nothing is removed, so an older file may still add what it has.
        var loose = await ImportAsync(db, "loire-2026-11-01.overpass.json");
        Assert.Equal((1, 0), (loose.Added, loose.Removed));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Osm_xml_and_overpass_turbo_geojson_give_the_same_cameras_as_overpass_json(DatabaseProvider provider)
    {
        var snapshots = new List<List<string>>();
        foreach (var (fixture, format, ignored) in new[]
        {
            ("loire-2026-11-01.overpass.json", OsmExportFormat.OverpassJson, 4),
            ("loire-2026-11-01.osm", OsmExportFormat.OsmXml, 4),
            ("loire-2026-11-01.geojson", OsmExportFormat.GeoJson, 2),
        })
        {
            await using var database = await TestDatabases.CreateAsync(provider);
            await using var db = await OpenAsync(database);
            var report = await ImportAsync(db, fixture, "departement:42");
            Assert.Equal((format, 4, ignored), (report.Format, report.Added, report.Ignored));
            Assert.Equal(new DateTime(2026, 11, 1, 10, 0, 0, DateTimeKind.Utc), report.ExportedAt);
            snapshots.Add(await Snapshot(db));
        }
        Assert.Equal(snapshots[0], snapshots[1]);
        // GeoJSON from overpass-turbo carries no version unless asked: the rest is the same.
        Assert.Equal(snapshots[0].Select(WithoutVersion), snapshots[2].Select(WithoutVersion));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Without_versions_a_node_is_updated_only_when_its_tags_or_position_change(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider);
        await using var db = await OpenAsync(database);
        var first = await ImportAsync(db, "loire-plain-out.overpass.json");
        Assert.Equal(4, first.Added);
        Assert.All(await db.Set<OsmCamera>().ToListAsync(), c => Assert.Equal(0, c.Version));

        var same = await ImportAsync(db, "loire-plain-out.overpass.json");
        Assert.Equal((0, 0, 4), (same.Added, same.Updated, same.Unchanged));

        var edited = Path.Combine(Path.GetTempPath(), $"osm-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(edited, (await File.ReadAllTextAsync(Fixture("loire-plain-out.overpass.json")))
            .Replace("\"surveillance:zone\": \"shop\"", "\"surveillance:zone\": \"bank\""));
        try
        {
            var report = await Importer(db).ImportFileAsync(edited, OsmArea.Unspecified, OsmImporter.DefaultMaxBytes, default);
            Assert.Equal((0, 1, 3), (report.Added, report.Updated, report.Unchanged));
            db.ChangeTracker.Clear();
            Assert.Equal("bank", (await db.Set<OsmCamera>().SingleAsync(c => c.NodeId == 4611686004)).Zone);
        }
        finally
        {
            File.Delete(edited);
        }
    }

    [Theory]
    [InlineData("{\"version\":0.6,\"elements\":[{\"type\":\"node\",\"id\":1,\"lat\":45.4,", "JSON illisible")]
    [InlineData("{\"version\":0.6,\"elements\":[{\"type\":\"node\",\"id\":1,\"lat\":145.4,\"lon\":4.3,\"tags\":{\"man_made\":\"surveillance\"}}]}", "coordonnées valides")]
    [InlineData("{\"version\":0.6,\"elements\":[{\"type\":\"node\",\"id\":-5,\"lat\":45.4,\"lon\":4.3}]}", "identifiant valide")]
    [InlineData("{\"version\":0.6,\"osm3s\":{\"timestamp_osm_base\":\"hier\"},\"elements\":[]}", "Date d'export illisible")]
    [InlineData("{\"type\":\"Topology\",\"objects\":{}}", "pas de liste « elements »")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE osm [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><osm><node id=\"1\" lat=\"45\" lon=\"4\"><tag k=\"note\" v=\"&b;\"/></node></osm>", "XML illisible")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "racine n'est pas <osm>")]
    [InlineData("PK\u0003\u0004 not an export", "Format non reconnu")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]", "Format non reconnu")]
    public async Task Hostile_or_broken_files_are_refused_with_a_french_message_and_exit_code_1(string content, string expected)
    {
        await using var database = await TestDatabases.CreateAsync(DatabaseProvider.Sqlite);
        await using (var db = await OpenAsync(database))
        {
        }
        var file = Path.Combine(Path.GetTempPath(), $"osm-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, content);
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            var exit = await ContrevueCli.RunAsync(["import", "osm", file, "--area", "france", .. Configuration(database)]);
            Assert.Equal(1, exit);
        }
        finally
        {
            Console.SetError(previous);
            File.Delete(file);
        }
        Assert.Contains("Import impossible : ", error.ToString());
        Assert.Contains(expected, error.ToString());
        await using var check = await OpenAsync(database);
        Assert.Equal(0, await check.Set<OsmCamera>().CountAsync());
    }

    [Fact]
    public async Task A_file_over_the_size_cap_is_refused_before_it_is_read()
    {
        await using var database = await TestDatabases.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = await OpenAsync(database);
        var refusal = await Assert.ThrowsAsync<OsmImportException>(() =>
            Importer(db).ImportFileAsync(Fixture("loire-2026-11-01.overpass.json"), OsmArea.France, maxBytes: 1000, default));
        Assert.Contains("Fichier trop gros", refusal.Message);
    }

    [Theory]
    [InlineData("commune:42218", true)]
    [InlineData("commune:2A004", true)]
    [InlineData("departement:2B", true)]
    [InlineData("departement:974", true)]
    [InlineData("france", true)]
    [InlineData("commune:4221", false)]
    [InlineData("departement:20", false)]
    [InlineData("region:84", false)]
    [InlineData("commune:42218;DROP", false)]
    public void Areas_are_parsed_strictly(string text, bool valid) => Assert.Equal(valid, OsmArea.Parse(text) is not null);

    [Fact]
    public async Task An_unknown_area_is_a_usage_error_in_french()
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(2, await ContrevueCli.RunAsync(["import", "osm", "export.json", "--area", "region:84"]));
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.Contains("--area : zone inconnue « region:84 »", error.ToString());
    }

    private static string[] Configuration(TestDatabase database) =>
        [$"--Database:Provider={database.Provider}", $"--ConnectionStrings:Default={database.ConnectionString}"];

    private static string WithoutVersion(string row) => row[(row.IndexOf('|') + 1)..][(row[(row.IndexOf('|') + 1)..].IndexOf('|') + 1)..];

    private static async Task<List<string>> Snapshot(ContrevueDbContext db) =>
        (await db.Set<OsmCamera>().AsNoTracking().OrderBy(c => c.NodeId).ToListAsync())
            .Select(c => string.Join('|', c.NodeId, c.Version, c.Latitude, c.Longitude, c.TagsJson, c.CommuneCode, c.DepartementCode,
                c.PlacementApproximate, c.Surveillance, c.SurveillanceType, c.CameraType, c.Operator))
            .ToList();
}
