using Contrevue.Infrastructure.History;
using Contrevue.Infrastructure.Text;
using Contrevue.Infrastructure.Audit;
using System.Numerics;
using System.Text.Json;
using Contrevue.Features.Moderation;
using Contrevue.Features.Observatoire;
using Contrevue.Features.Observatoire.Demo;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Search;
using Contrevue.Infrastructure.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Observatoire.Demo;

/// <summary>Each test on its own fresh database: they count every dossier in it.</summary>
public sealed class DemoGeneratorTests
{
    private static readonly DateTime Now = new(2026, 11, 29, 8, 0, 0, DateTimeKind.Utc);

    private static async Task<AppFactory> StartAsync(DatabaseProvider provider)
    {
        var app = new AppFactory(await TestDatabases.CreateAsync(provider));
        using var client = app.CreateClient();
        // Starting the server runs migrations and the bundled territory import.
        (await client.GetAsync("/healthz")).EnsureSuccessStatusCode();
        return app;
    }

    private static async Task<DemoOutcome> GenerateAsync(AppFactory app, DemoRequest request)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DemoGenerator>().GenerateAsync(request, null, default);
    }

    private static async Task<List<Dossier>> LoadAsync(AppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DossierService>().WithDetails().AsNoTracking().OrderBy(d => d.Id).ToListAsync();
    }

    /// <summary>Everything a seed decides (ids and creation times aside).</summary>
    private static List<string> Content(List<Dossier> dossiers) => dossiers.Select(d => string.Join("|",
        d.Title, d.Summary, d.CommuneCode, d.Technologies, d.Status, d.StatusSince, d.CameraCount, d.BudgetEur,
        d.AuthorizationNumber, d.AuthorizationIssuedOn, d.AuthorizationCoversVideoVerbalisation, d.ExperimentationEvents,
        string.Join(",", d.StatusChanges.OrderBy(s => s.On).Select(s => $"{s.Status}@{s.On}")),
        string.Join(",", d.Fundings.OrderBy(f => f.Id).Select(f => $"{f.Kind}:{f.AmountEur}")),
        string.Join(",", d.Vendors.Select(v => v.Vendor!.Name).Order(StringComparer.Ordinal)),
        string.Join(",", d.Sources.OrderBy(s => s.Id).Select(s => $"{s.Kind}:{s.Title}:{s.Url}:{s.PublishedOn}:{s.Confidence}:{s.Supports}")))).ToList();

    private static Dossier RealDossier() => new()
    {
        Title = "Vidéosurveillance algorithmique à Saint-Étienne",
        Slug = "videosurveillance-algorithmique-a-saint-etienne",
        AuthorityKind = AuthorityKind.Commune,
        AuthorityCode = "42218",
        AuthorityName = "Saint-Étienne",
        TerritoryKind = TerritoryKind.Commune,
        TerritoryCode = "42218",
        CommuneCode = "42218",
        DepartementCode = "42",
        RegionCode = "84",
        Technologies = Technology.Vsa,
        Status = DossierStatus.Deployed,
        StatusSince = new DateOnly(2023, 6, 15),
        StatusChanges = [new DossierStatusChange { Status = DossierStatus.Deployed, On = new DateOnly(2023, 6, 15) }],
        Sources = [new Source { Title = "Délibération", Url = "https://www.saint-etienne.fr/deliberation", CreatedAt = Now }],
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    private static async Task AddRealDossierAsync(ContrevueDbContext db)
    {
        db.Add(RealDossier());
        await db.SaveChangesAsync();
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Generated_dossiers_are_fictional_sourced_and_placed_on_real_communes_as_the_editor_would(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);

        var outcome = await GenerateAsync(app, new DemoRequest(200, 800));

        var report = Assert.IsType<DemoOutcome.Generated>(outcome).Report;
        Assert.Equal((200, 800, 0, 0), (report.Dossiers, report.Sources, report.FictionalBefore, report.Removed));
        var dossiers = await LoadAsync(app);
        Assert.Equal(200, dossiers.Count);
        Assert.Equal(800, dossiers.Sum(d => d.Sources.Count));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var codes = dossiers.Select(d => d.CommuneCode).Distinct().ToList();
        var communes = await db.Set<Commune>().AsNoTracking().Where(c => codes.Contains(c.Code)).ToDictionaryAsync(c => c.Code);
        foreach (var dossier in dossiers)
        {
            Assert.True(dossier.IsFictional);
            Assert.StartsWith("[Fictif] ", dossier.Title);
            Assert.Contains("Dossier fictif généré pour démonstration", dossier.Summary);
            Assert.NotEmpty(dossier.Sources);
            Assert.All(dossier.Sources, s => Assert.StartsWith("https://exemple.invalid/", s.Url));
            Assert.All(dossier.Vendors, v => Assert.True(v.Vendor!.IsFictional));
            var commune = communes[dossier.CommuneCode!];
            Assert.Equal(CommuneKind.Commune, commune.Kind);
            Assert.Equal(
                (TerritoryKind.Commune, commune.Code, AuthorityKind.Commune, commune.Code, commune.Name, commune.DepartementCode, commune.RegionCode, (string?)null),
                (dossier.TerritoryKind, dossier.TerritoryCode, dossier.AuthorityKind, dossier.AuthorityCode, dossier.AuthorityName, dossier.DepartementCode, dossier.RegionCode, dossier.EpciSiren));
            var slug = SearchText.Slug(dossier.Title);
            Assert.Equal(slug[..Math.Min(80, slug.Length)].TrimEnd('-'), dossier.Slug);
            Assert.InRange(BitOperations.PopCount((uint)dossier.Technologies), 1, 3);
            var timeline = dossier.StatusChanges.OrderBy(s => s.Id).ToList();
            Assert.InRange(timeline.Count, 1, 4);
            Assert.Equal(timeline.OrderBy(s => s.On).Select(s => s.Id), timeline.Select(s => s.Id));
            Assert.Equal((timeline[^1].Status, timeline[^1].On), (dossier.Status, dossier.StatusSince!.Value));
            if (dossier.AuthorizationIssuedOn is { } issued)
            {
                Assert.InRange(issued.Year, 2012, 2025);
                Assert.Equal(DossierFlags.ExpiryOf(issued), dossier.AuthorizationExpiresOn);
            }
            Assert.All(dossier.ExperimentationEventList, e => Assert.Contains(e, ObservatoireCodes.ExperimentationEvents.Select(x => x.Code)));
        }
        // Variety: big cities get more dossiers, authorisations for about 60 %.
        var busiest = dossiers.GroupBy(d => d.CommuneCode!).OrderByDescending(g => g.Count()).First().Key;
        Assert.True(communes[busiest].Population > 100_000, $"la commune la plus représentée, {busiest}, est petite");
        Assert.InRange(dossiers.Count(d => d.AuthorizationIssuedOn is not null), 90, 150);
        Assert.True(dossiers.Select(d => d.Status).Distinct().Count() >= 6);
        Assert.Equal(200, await db.Set<Vendor>().CountAsync(v => v.IsFictional));

        // The editor accepts every generated dossier as it is, and sets the same derived fields.
        var editor = scope.ServiceProvider.GetRequiredService<DossierEditor>();
        foreach (var generated in dossiers.Take(40))
        {
            var document = generated.AsDocument(DossierFlag.None, includeHidden: true);
            document = document with { Sources = document.Sources!.Select(s => s with { Id = null }).ToList() };
            var edited = new Dossier { Slug = "", Title = "", AuthorityName = "" };

            var errors = await editor.ApplyAsync(edited, document, default);

            Assert.Empty(errors);
            Assert.Equal(
                (generated.Slug, generated.AuthorityName, generated.TerritoryCode, generated.DepartementCode, generated.RegionCode, generated.Status, generated.StatusSince, generated.AuthorizationExpiresOn, generated.Technologies),
                (edited.Slug, edited.AuthorityName, edited.TerritoryCode, edited.DepartementCode, edited.RegionCode, edited.Status, edited.StatusSince, edited.AuthorizationExpiresOn, edited.Technologies));
        }

        // And the API shows them as fictional.
        using var read = JsonDocument.Parse(await app.CreateBrowserlessClient().GetStringAsync($"/api/v1/dossiers/{dossiers[0].Id}"));
        Assert.True(read.RootElement.GetProperty("fictional").GetBoolean());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_seed_gives_the_same_dossiers_and_replace_swaps_them_without_reusing_ids(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);

        await GenerateAsync(app, new DemoRequest(200, 800, Seed: 7));
        var first = await LoadAsync(app);
        var again = Assert.IsType<DemoOutcome.Generated>(await GenerateAsync(app, new DemoRequest(200, 800, Seed: 7, Replace: true))).Report;
        var second = await LoadAsync(app);
        await GenerateAsync(app, new DemoRequest(200, 800, Seed: 8, Replace: true));
        var other = await LoadAsync(app);
        var added = Assert.IsType<DemoOutcome.Generated>(await GenerateAsync(app, new DemoRequest(50, 50, Replace: false, Commune: "42218", CommuneDossiers: 20))).Report;
        var all = await LoadAsync(app);

        Assert.Equal((200, 200), (again.FictionalBefore, again.Removed));
        Assert.Equal(Content(first), Content(second));
        Assert.True(second.Min(d => d.Id) > first.Max(d => d.Id));
        Assert.NotEqual(Content(first), Content(other));
        Assert.Equal((200, 0, 50), (added.FictionalBefore, added.Removed, added.Dossiers));
        Assert.Equal(250, all.Count);
        var newOnes = all.Where(d => d.Id > other.Max(o => o.Id)).ToList();
        Assert.Equal(20, newOnes.Count(d => d.CommuneCode == "42218"));
        Assert.All(newOnes, d => Assert.Single(d.Sources));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Generation_is_refused_beside_real_dossiers_unless_forced_and_never_removes_them(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        await using (var setup = app.Services.CreateAsyncScope())
        {
            await AddRealDossierAsync(setup.ServiceProvider.GetRequiredService<ContrevueDbContext>());
        }

        var refused = await GenerateAsync(app, new DemoRequest(20, 40));
        var forced = await GenerateAsync(app, new DemoRequest(20, 40, Force: true));
        var replaced = await GenerateAsync(app, new DemoRequest(20, 40, Force: true, Replace: true));
        var unknownCommune = await GenerateAsync(app, new DemoRequest(20, 40, Force: true, Commune: "99999", CommuneDossiers: 5));

        Assert.Contains("1 dossier réel", Assert.IsType<DemoOutcome.Refused>(refused).Message);
        Assert.Contains("--force", ((DemoOutcome.Refused)refused).Message);
        Assert.Equal(20, Assert.IsType<DemoOutcome.Generated>(forced).Report.Dossiers);
        Assert.Equal(20, Assert.IsType<DemoOutcome.Generated>(replaced).Report.Removed);
        Assert.Contains("Commune inconnue", Assert.IsType<DemoOutcome.Refused>(unknownCommune).Message);
        var dossiers = await LoadAsync(app);
        Assert.Equal(21, dossiers.Count);
        Assert.Single(dossiers, d => !d.IsFictional);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        // Each generation is in the audit log, and is a revision so that every instance's data version moves.
        Assert.Equal(2, await db.Set<AuditEntry>().CountAsync(a => a.Action == "demo.generate"));
        Assert.Equal(2, await db.Set<Revision>().CountAsync(r => r.EntityType == DemoGenerator.EntityType));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Cli_generates_into_a_new_database_adds_on_a_second_run_and_refuses_beside_real_dossiers(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider);
        string[] settings = [$"--Database:Provider={provider}", $"--ConnectionStrings:Default={database.ConnectionString}"];

        var first = await RunCliAsync(["demo", "generate", "--dossiers", "30", "--sources", "60", "--seed", "3", .. settings]);
        var second = await RunCliAsync(["demo", "generate", "--dossiers", "30", .. settings]);
        var options = new DbContextOptionsBuilder<ContrevueDbContext>();
        DatabaseSetup.Configure(options, provider, database.ConnectionString);
        await using (var db = new ContrevueDbContext(options.Options))
        {
            Assert.Equal(60, await db.Set<Dossier>().CountAsync(d => d.IsFictional));
            Assert.Equal(60 + 120, await db.Set<Source>().CountAsync());
            await AddRealDossierAsync(db);
        }
        var refused = await RunCliAsync(["demo", "generate", "--dossiers", "30", .. settings]);
        var usage = await RunCliAsync(["demo", "generate", "--sources", "10", .. settings]);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Découpage administratif importé", first.Output);
        Assert.Contains("30 dossiers fictifs, 60 sources", first.Output);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("déjà 30 dossiers fictifs", second.Output);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--force", refused.Error);
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("--dossiers", usage.Error);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunCliAsync(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var (originalOut, originalError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            return (await ContrevueCli.RunAsync(args), output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}
