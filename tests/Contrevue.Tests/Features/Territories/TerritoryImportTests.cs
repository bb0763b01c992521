using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Import;
using Contrevue.Infrastructure.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Contrevue.Tests.Features.Territories;

/// <summary>Imports of small releases into empty databases, to see every rule of the import at work.</summary>
public sealed class TerritoryImportTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static async Task<ContrevueDbContext> OpenAsync(TestDatabase database)
    {
        var options = new DbContextOptionsBuilder<ContrevueDbContext>();
        DatabaseSetup.Configure(options, database.Provider, database.ConnectionString);
        var db = new ContrevueDbContext(options.Options);
        await db.Database.MigrateAsync();
        return db;
    }

    private static TerritoryImporter Importer(ContrevueDbContext db) =>
        new(db, new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero)), NullLogger<TerritoryImporter>.Instance);

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Import_loads_communes_arrondissements_aliases_postal_codes_and_epci(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider);
        await using var db = await OpenAsync(database);

        var report = await Importer(db).ImportAsync(await TerritorySource.ReadAsync(Fixture("territories-v1"), default), TerritoryImportOrigin.Directory, force: false, default);

        Assert.False(report.Skipped);
        Assert.Equal((1, 2, 1, 4, 1), (report.Regions, report.Departements, report.Epcis, report.Communes, report.MunicipalArrondissements));
        var saintEtienne = await db.Set<Commune>().SingleAsync(c => c.Code == "42218");
        Assert.Equal(("Saint-Étienne", "saint-etienne", "saint etienne", 173136, "244200770", "42000 42100"),
            (saintEtienne.Name, saintEtienne.Slug, saintEtienne.SearchName, saintEtienne.Population, saintEtienne.EpciSiren, saintEtienne.PostalCodes));
        var arrondissement = await db.Set<Commune>().SingleAsync(c => c.Code == "69381");
        Assert.Equal((CommuneKind.MunicipalArrondissement, "69123"), (arrondissement.Kind, arrondissement.ParentCode));
        var rochetaillee = await db.Set<CommuneAlias>().SingleAsync(a => a.Code == "42190");
        Assert.Equal(("Rochetaillée", CommuneAliasKind.Associee, "42218"), (rochetaillee.Name, rochetaillee.Kind, rochetaillee.CommuneCode));
        // A déléguée may carry the code of its commune nouvelle: kept as an alias for its name.
        Assert.True(await db.Set<CommuneAlias>().AnyAsync(a => a.Code == "42999" && a.CommuneCode == "42999" && a.Kind == CommuneAliasKind.Deleguee));
        Assert.Equal(2, await db.Set<CommunePostalCode>().CountAsync(p => p.PostalCode == "69001"));
        var loire = await db.Set<Departement>().SingleAsync(d => d.Code == "42");
        Assert.Equal((173136L + 16797 + 500, 3), (loire.Population, loire.CommuneCount));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Importing_the_same_release_twice_changes_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider);
        await using var db = await OpenAsync(database);
        var source = await TerritorySource.ReadAsync(Fixture("territories-v1"), default);
        await Importer(db).ImportAsync(source, TerritoryImportOrigin.Directory, force: false, default);

        var second = await Importer(db).ImportAsync(source, TerritoryImportOrigin.Directory, force: false, default);
        var forced = await Importer(db).ImportAsync(source, TerritoryImportOrigin.Directory, force: true, default);

        Assert.True(second.Skipped);
        Assert.False(forced.Skipped);
        Assert.Equal(0, forced.Removed);
        Assert.Equal(5, await db.Set<Commune>().CountAsync());
        Assert.Equal(2, await db.Set<CommuneAlias>().CountAsync());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_newer_release_merges_communes_into_aliases_and_updates_the_rest(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider);
        await using var db = await OpenAsync(database);
        await Importer(db).ImportAsync(await TerritorySource.ReadAsync(Fixture("territories-v1"), default), TerritoryImportOrigin.Directory, false, default);

        var report = await Importer(db).ImportAsync(await TerritorySource.ReadAsync(Fixture("territories-v2"), default), TerritoryImportOrigin.Directory, false, default);

        Assert.Equal(1, report.Removed);
        Assert.False(await db.Set<Commune>().AnyAsync(c => c.Code == "42999"));
        var merged = await db.Set<CommuneAlias>().SingleAsync(a => a.Code == "42999");
        Assert.Equal(("Villeneuve-Test", CommuneAliasKind.Deleguee, "42095"), (merged.Name, merged.Kind, merged.CommuneCode));
        Assert.Equal(173500, (await db.Set<Commune>().SingleAsync(c => c.Code == "42218")).Population);
        Assert.Equal(1, (await db.Set<CommunePostalCode>().CountAsync(p => p.PostalCode == "42999")));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Start_up_import_does_not_overwrite_a_newer_release_loaded_from_a_folder(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider);
        await using var db = await OpenAsync(database);
        await Importer(db).ImportAsync(await TerritorySource.ReadAsync(Fixture("territories-v2"), default), TerritoryImportOrigin.Directory, false, default);

        var atStartUp = await Importer(db).ImportBundledIfNeededAsync(default);

        Assert.Null(atStartUp);
        Assert.Equal(4, await db.Set<Commune>().CountAsync());
    }

    [Fact]
    public async Task A_folder_without_the_expected_files_is_refused_with_a_french_message()
    {
        var empty = Directory.CreateTempSubdirectory("contrevue-empty-");
        try
        {
            var error = await Assert.ThrowsAsync<TerritoryImportException>(() => TerritorySource.ReadAsync(empty.FullName, default));
            Assert.Contains("Fichier manquant", error.Message);
            var missing = await Assert.ThrowsAsync<TerritoryImportException>(() => TerritorySource.ReadAsync(Path.Combine(empty.FullName, "nope"), default));
            Assert.Contains("Dossier introuvable", missing.Message);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Malformed_json_is_refused_with_a_french_message()
    {
        var folder = Directory.CreateTempSubdirectory("contrevue-bad-");
        try
        {
            foreach (var file in Directory.GetFiles(Fixture("territories-v1")))
            {
                File.Copy(file, Path.Combine(folder.FullName, Path.GetFileName(file)));
            }
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "communes.json"), "{\"pas\": \"une liste\"}");
            var source = await TerritorySource.ReadAsync(folder.FullName, default);

            var error = Assert.Throws<TerritoryImportException>(() => source.Communes);

            Assert.Contains("communes.json n'a pas le format attendu", error.Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Cli_imports_a_release_from_a_folder_with_the_configured_database(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider);
        string[] configuration = [$"--Database:Provider={provider}", $"--ConnectionStrings:Default={database.ConnectionString}"];

        var exitCode = await ContrevueCli.RunAsync(["import", "territories", "--from", Fixture("territories-v1"), .. configuration]);
        var again = await ContrevueCli.RunAsync(["import", "territories", "--from", Fixture("territories-v1"), .. configuration]);
        var wrongFolder = await ContrevueCli.RunAsync(["import", "territories", "--from", "/nulle/part", .. configuration]);
        var usage = await ContrevueCli.RunAsync(["import", "territories", "--from"]);

        Assert.Equal((0, 0, 1, 2), (exitCode, again, wrongFolder, usage));
        await using var db = await OpenAsync(database);
        Assert.Equal(4, await db.Set<Commune>().CountAsync(c => c.Kind == CommuneKind.Commune));
        Assert.Equal(1, await db.Set<TerritoryImport>().CountAsync());
    }
}

[Collection(AppsCollection.Name)]
public sealed class BundledTerritoryDataTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task First_start_loads_every_current_commune_and_the_45_arrondissements(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();

        Assert.Equal(34969, await db.Set<Commune>().CountAsync(c => c.Kind == CommuneKind.Commune));
        var arrondissements = await db.Set<Commune>().Where(c => c.Kind == CommuneKind.MunicipalArrondissement).Select(c => c.ParentCode).ToListAsync();
        Assert.Equal(45, arrondissements.Count);
        Assert.Equal(["13055", "69123", "75056"], arrondissements.Distinct().Order());
        Assert.Equal(101 + 8, await db.Set<Departement>().CountAsync());
        Assert.Equal(1255, await db.Set<Epci>().CountAsync());
        Assert.True(await db.Set<CommuneAlias>().CountAsync() > 4000);
        var import = await db.Set<TerritoryImport>().SingleAsync();
        Assert.Equal("Bundled", import.Origin);
    }
}
