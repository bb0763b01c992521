using System.Diagnostics;
using Contrevue.Features.Osm;
using Contrevue.Features.Osm.Import;
using Contrevue.Infrastructure.Cli;
using Microsoft.EntityFrameworkCore;
using static Contrevue.Tests.Features.Osm.OsmTestWorld;

namespace Contrevue.Tests.Features.Osm;

/// <summary><c>demo cameras</c>: fictitious cameras for the map's bench, placed, replaced on each run, never touched by OSM imports.</summary>
public sealed class DemoCamerasTests
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Demo_cameras_are_placed_near_centres_replaced_on_rerun_and_kept_by_osm_imports(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider);
        await using var db = await OpenAsync(database);
        string[] configuration = [$"--Database:Provider={database.Provider}", $"--ConnectionStrings:Default={database.ConnectionString}"];

        var stopwatch = Stopwatch.StartNew();
        Assert.Equal(0, await ContrevueCli.RunAsync(["demo", "cameras", "--cameras", "20000", "--seed", "7", .. configuration]));
        stopwatch.Stop();
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), $"{stopwatch.Elapsed}");

        var demo = await db.Set<OsmCamera>().AsNoTracking().Where(c => c.AreaKey == OsmCameraAreas.Demo).ToListAsync();
        Assert.Equal(20000, demo.Count);
        Assert.All(demo, c => Assert.NotNull(c.CommuneCode));
        Assert.Equal(["42095", "42218", "42999", "69123"], demo.Select(c => c.CommuneCode!).Distinct().Order());
        Assert.All(demo, c => Assert.InRange(c.Latitude, 45.37, 45.78));

        Assert.Equal(0, await ContrevueCli.RunAsync(["demo", "cameras", "--cameras", "500", .. configuration]));
        Assert.Equal(500, await db.Set<OsmCamera>().CountAsync(c => c.AreaKey == OsmCameraAreas.Demo));

        // A full export of France removes the nodes it lacks, never the demo ones.
        var report = await ImportAsync(db, "loire-2026-11-01.overpass.json", "france");
        Assert.Equal(0, report.Removed);
        Assert.Equal(504, await db.Set<OsmCamera>().CountAsync());
    }
}
