using Contrevue.Features.Osm.Import;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Contrevue.Tests.Features.Osm;

/// <summary>A fresh database holding the small territory release (Saint-Étienne, Firminy, Lyon…) with their centres.</summary>
internal static class OsmTestWorld
{
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Features", "Osm", "Fixtures", name);

    public static async Task<ContrevueDbContext> OpenAsync(TestDatabase database)
    {
        var options = new DbContextOptionsBuilder<ContrevueDbContext>();
        DatabaseSetup.Configure(options, database.Provider, database.ConnectionString);
        var db = new ContrevueDbContext(options.Options);
        await db.Database.MigrateAsync();
        var territories = new TerritoryImporter(db, TimeProvider.System, NullLogger<TerritoryImporter>.Instance);
        await territories.ImportAsync(
            await TerritorySource.ReadAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "territories-v1"), default),
            TerritoryImportOrigin.Directory, force: false, default);
        await SetCentreAsync(db, "42218", 45.4339, 4.3900);
        await SetCentreAsync(db, "42095", 45.3883, 4.2883);
        await SetCentreAsync(db, "42999", 45.6000, 4.1000);
        await SetCentreAsync(db, "69123", 45.7578, 4.8320);
        return db;
    }

    public static Task SetCentreAsync(ContrevueDbContext db, string code, double latitude, double longitude) =>
        db.Set<Commune>().Where(c => c.Code == code).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.CentreLatitude, latitude)
            .SetProperty(c => c.CentreLongitude, longitude)
            .SetProperty(c => c.CentreSource, CommuneCentreSource.GeoNames));

    public static OsmImporter Importer(ContrevueDbContext db, DateTimeOffset? now = null) =>
        new(db, new FakeTimeProvider(now ?? new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero)), NullLogger<OsmImporter>.Instance);

    public static Task<OsmImportReport> ImportAsync(ContrevueDbContext db, string fixture, string? area = null) =>
        Importer(db).ImportFileAsync(Fixture(fixture), area is null ? OsmArea.Unspecified : OsmArea.Parse(area)!, OsmImporter.DefaultMaxBytes, default);
}
