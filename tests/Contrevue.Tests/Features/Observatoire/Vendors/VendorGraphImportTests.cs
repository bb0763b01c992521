using Contrevue.Infrastructure.Text;
using Contrevue.Features.Observatoire;
using Contrevue.Features.Observatoire.Vendors;
using Contrevue.Features.Territories.Search;
using Contrevue.Infrastructure.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Observatoire.Vendors;

/// <summary>On the shared apps, which hold every real commune; each test names its own vendors.</summary>
[Collection(AppsCollection.Name)]
public sealed class VendorGraphImportTests(TestApps apps)
{
    /// <summary>The two example lines, an ambiguous commune, a duplicate spelt otherwise, a comment, a bad line.</summary>
    public static string ExampleFile(string acme, string ugap) => $"""
        #TYPE_EDGE;NODE1;NODE2;LIEN;SOURCE
        # relations relevées par Technopolice
        EDGE;{acme};{ugap};est fourni par;https://example.org/acme
        EDGE;{acme};ville de Saint-Etienne;a pour client;https://example.org/x

        EDGE;{acme};ville de Saint-Denis;a pour client;https://example.org/y
        EDGE;{acme.ToLowerInvariant()};commune de Saint-Étienne;a pour client;https://example.org/x
        NODE;{acme};entreprise
        """;

    public static async Task<VendorImportReport> ImportAsync(AppFactory app, string text)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<VendorGraphImporter>().ImportAsync(VendorGraphFile.Parse(text), default);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Communes_are_linked_when_unambiguous_vendors_created_and_a_second_run_changes_nothing(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (acme, ugap) = ($"ACME VISION {suffix}", $"UGAP {suffix}");

        var report = await ImportAsync(app, ExampleFile(acme, ugap));

        Assert.Equal((5, 3, 1, 2), (report.LinesRead, report.RelationsCreated, report.AlreadyPresent, report.VendorsCreated));
        Assert.False(report.HeaderMissing);
        var linked = Assert.Single(report.CommunesLinked);
        Assert.Equal(new LinkedCommune("ville de Saint-Etienne", "42218", "Saint-Étienne"), linked);
        var review = Assert.Single(report.ForReview);
        Assert.Equal((6, "ville de Saint-Denis"), (review.Line, review.Name));
        Assert.Contains("Saint-Denis (93)", review.Reason);
        Assert.Contains("Saint-Denis (974)", review.Reason);
        var rejected = Assert.Single(report.Rejected);
        Assert.Equal(8, rejected.Line);

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            var vendor = await db.Set<Vendor>().SingleAsync(v => v.MatchName == SearchText.Normalize(acme));
            Assert.Equal(acme, vendor.Name);
            Assert.Equal($"acme-vision-{suffix}", vendor.Slug);
            var relations = await db.Set<VendorRelation>().Where(r => r.SubjectVendorId == vendor.Id).OrderBy(r => r.Id).ToListAsync();
            Assert.Equal(3, relations.Count);
            Assert.Equal(("est fourni par", "https://example.org/acme", false), (relations[0].Kind, relations[0].SourceUrl, relations[0].NeedsReview));
            Assert.NotNull(relations[0].ObjectVendorId);
            Assert.Equal(("42218", false), (relations[1].ObjectCommuneCode, relations[1].NeedsReview));
            var saintDenis = relations[2];
            Assert.True(saintDenis.NeedsReview);
            Assert.Null(saintDenis.ObjectCommuneCode);
            Assert.Null(saintDenis.ObjectVendorId);
            Assert.Contains("Saint-Denis (93), Saint-Denis (974)", saintDenis.ReviewNote);
            Assert.Equal(64, saintDenis.Fingerprint.Length);
        }

        var again = await ImportAsync(app, ExampleFile(acme, ugap));

        Assert.Equal((5, 0, 4, 0), (again.LinesRead, again.RelationsCreated, again.AlreadyPresent, again.VendorsCreated));
        Assert.Empty(again.CommunesLinked);
        Assert.Empty(again.ForReview);
        Assert.Single(again.Rejected);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_departement_hint_settles_a_name_and_unknown_names_wait_for_review(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var acme = $"ACME {Guid.NewGuid():N}"[..16];

        var report = await ImportAsync(app, $"""
            EDGE;{acme};ville de Saint-Denis (93);a pour client;x
            EDGE;{acme};mairie de Saint-Denis 974;a pour client;x
            EDGE;{acme};ville de Nullepartville;a pour client;x
            EDGE;ville de Paris;a pour prestataire;{acme};
            EDGE;{acme};commune d'Annecy-le-Vieux;a pour client;x
            """);

        Assert.True(report.HeaderMissing);
        Assert.Equal(
            [("ville de Saint-Denis (93)", "93066"), ("mairie de Saint-Denis 974", "97411"), ("ville de Paris", "75056"), ("commune d'Annecy-le-Vieux", "74010")],
            report.CommunesLinked.Select(c => (c.Name, c.Code)));
        var review = Assert.Single(report.ForReview);
        Assert.Equal((3, "aucune commune de ce nom"), (review.Line, review.Reason));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_command_imports_a_file_and_fails_on_a_missing_one(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        string[] configuration = [$"--Database:Provider={provider}", $"--ConnectionStrings:Default={app.Database.ConnectionString}"];
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var path = Path.Combine(Path.GetTempPath(), $"vendor-graph-{suffix}.csv");
        await File.WriteAllTextAsync(path, ExampleFile($"ACME VISION {suffix}", $"UGAP {suffix}"), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        try
        {
            var imported = await ContrevueCli.RunAsync(["import", "vendor-graph", path, .. configuration]);
            var again = await ContrevueCli.RunAsync(["import", "vendor-graph", path, .. configuration]);
            var missing = await ContrevueCli.RunAsync(["import", "vendor-graph", "/nulle/part.csv", .. configuration]);
            var usage = await ContrevueCli.RunAsync(["import", "vendor-graph"]);

            Assert.Equal((0, 0, 1, 2), (imported, again, missing, usage));
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            var matchName = SearchText.Normalize($"ACME VISION {suffix}");
            var vendorId = await db.Set<Vendor>().Where(v => v.MatchName == matchName).Select(v => v.Id).SingleAsync();
            Assert.Equal(3, await db.Set<VendorRelation>().CountAsync(r => r.SubjectVendorId == vendorId));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_report_tells_everything_in_french()
    {
        var report = new VendorImportReport { LinesRead = 5, Rejected = [new RejectedLine(8, "le premier champ est « NODE » au lieu de EDGE")] };
        report.RelationsCreated = 3;
        report.AlreadyPresent = 1;
        report.VendorsCreated = 2;
        report.CommunesLinked.Add(new LinkedCommune("ville de Saint-Etienne", "42218", "Saint-Étienne"));
        report.ForReview.Add(new ReviewItem(6, "ville de Saint-Denis", "plusieurs communes de ce nom : Saint-Denis (93), Saint-Denis (974)"));
        var output = new StringWriter();

        report.WriteTo(output, "technopolice.csv");

        var text = output.ToString();
        Assert.Contains("lignes lues : 5", text);
        Assert.Contains("relations créées : 3", text);
        Assert.Contains("déjà présentes : 1", text);
        Assert.Contains("fournisseurs créés : 2", text);
        Assert.Contains("« ville de Saint-Etienne » → 42218 (Saint-Étienne)", text);
        Assert.Contains("ligne 6 : « ville de Saint-Denis » : plusieurs communes de ce nom : Saint-Denis (93), Saint-Denis (974)", text);
        Assert.Contains("ligne 8 : le premier champ est « NODE » au lieu de EDGE", text);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Three_thousand_lines_import_in_one_run(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var communes = new[] { "Saint-Etienne", "Lyon", "Marseille", "Nice", "Toulouse", "Lille", "Nantes", "Rennes" };
        var lines = Enumerable.Range(0, 3000).Select(i =>
            $"EDGE;Vendeur {i % 300} {suffix};{(i % 2 == 0 ? $"ville de {communes[i % communes.Length]}" : $"Intégrateur {i % 97} {suffix}")};a pour client;https://example.org/{suffix}/{i}");
        var report = await ImportAsync(app, string.Join('\n', lines));

        Assert.Equal(3000, report.RelationsCreated);
        Assert.Equal(300 + 97, report.VendorsCreated);
    }
}
