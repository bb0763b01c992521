using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Contrevue.Features.Accounts;
using Contrevue.Features.Campaigns;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Contrevue.Features.OpenData;
using Contrevue.Features.Osm;
using Contrevue.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.OpenData;

/// <summary>
/// The dumps: every dataset in every format, written whole with its SHA-256; served with ETag, Last-Modified
/// and ranges; made by the admin's button, the command line and the nightly job; listed on /donnees.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class OpenDataDumpTests(TestApps apps)
{
    private static string UniqueWord() => "zq9" + Guid.NewGuid().ToString("N")[..8];

    private static async Task<(AppFactory App, HttpClient Moderator, string Directory)> StartAsync(
        TestApps apps, DatabaseProvider provider, Dictionary<string, string>? settings = null, bool ownDatabase = false)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("contrevue-donnees-").FullName;
        settings ??= [];
        settings["OpenData:Directory"] = directory;
        var app = ownDatabase
            ? new AppFactory(await TestDatabases.CreateAsync(provider), settings)
            : new AppFactory((await apps.GetAsync(provider)).Database, settings, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        return (app, TestAccounts.ClientWithToken(app, token), directory);
    }

    private static async Task<long> AddCameraAsync(AppFactory app, string tagValue)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var nodeId = 9_000_000_000L + Random.Shared.Next(1, int.MaxValue);
        db.Add(new OsmCamera
        {
            NodeId = nodeId,
            Version = 3,
            Latitude = 45.4401234,
            Longitude = 4.3871234,
            Surveillance = "public",
            SurveillanceType = "camera",
            CameraType = "dome",
            Operator = tagValue,
            TagsJson = $$"""{"man_made":"surveillance","surveillance":"public","surveillance:type":"camera","camera:type":"dome","operator":"{{tagValue}}"}""",
            CommuneCode = "42218",
            DepartementCode = "42",
            AreaKey = "commune:42218",
            ExportedAt = new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc),
            ImportedAt = new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc),
        });
        await db.SaveChangesAsync();
        return nodeId;
    }

    private static async Task<OpenDataManifest> DumpAsync(AppFactory app) =>
        await app.Services.GetRequiredService<OpenDataDumper>().DumpAsync(CancellationToken.None);

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Every_dataset_is_written_in_every_format_with_its_sha256(DatabaseProvider provider)
    {
        // Its own database: the camera it adds would change the OSM tests' counts on the shared one.
        var (app, moderator, directory) = await StartAsync(apps, provider, ownDatabase: true);
        await using var _ = app;
        var word = UniqueWord();
        var id = await DossierGeoJsonTests.CreateAsync(moderator, DossierGeoJsonTests.Dossier($"=VSA {word}; « Saint-Étienne »", "commune", "42218", ["vsa", "drones"], latitude: 45.4397, longitude: 4.3872));
        var operatorName = $"Ville {word}";
        var nodeId = await AddCameraAsync(app, operatorName);

        var manifest = await DumpAsync(app);

        foreach (var dataset in new[] { "dossiers", "sources", "fournisseurs", "relations-fournisseurs", "statuts-campagne", "rendez-vous" })
        {
            foreach (var name in new[] { $"{dataset}.csv", $"{dataset}-virgule.csv", $"{dataset}.json" })
            {
                Assert.True(manifest.Find(name) is not null, $"{name} missing from the manifest");
            }
        }
        Assert.NotNull(manifest.Find("dossiers.geojson"));
        Assert.NotNull(manifest.Find("cameras-openstreetmap.geojson"));
        Assert.Null(manifest.Find("sources.geojson"));

        var sums = await File.ReadAllLinesAsync(Path.Combine(directory, OpenDataManifest.ChecksumsFileName));
        foreach (var file in manifest.Files)
        {
            var path = Path.Combine(directory, file.Name);
            Assert.Equal(file.Bytes, new FileInfo(path).Length);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path))), file.Sha256);
            Assert.Contains($"{file.Sha256}  {file.Name}", sums);
        }
        Assert.Empty(System.IO.Directory.EnumerateFiles(directory, "*.tmp"));
        Assert.Equal(manifest.Files.Select(f => f.Name), OpenDataManifest.Read(directory)!.Files.Select(f => f.Name));

        // The « ; » CSV for French spreadsheets: a BOM, the formula neutralised; the « , » one plain RFC 4180.
        var semicolon = await File.ReadAllBytesAsync(Path.Combine(directory, "dossiers.csv"));
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), semicolon[..3]);
        var semicolonText = Encoding.UTF8.GetString(semicolon[3..]);
        Assert.StartsWith("id;titre;autorite_nom;", semicolonText);
        var row = semicolonText.Split('\n').Single(l => l.Contains(word));
        Assert.StartsWith($"{id};\"'=VSA {word}; « Saint-Étienne »\";", row);
        Assert.Contains(";vsa, drones;", row);
        Assert.Contains(";4.3872;45.4397;dossier;", row);
        var comma = await File.ReadAllBytesAsync(Path.Combine(directory, "dossiers-virgule.csv"));
        Assert.NotEqual(Encoding.UTF8.Preamble.ToArray(), comma[..3]);
        var commaRow = Encoding.UTF8.GetString(comma).Split('\n').Single(l => l.Contains(word));
        Assert.StartsWith($"{id},=VSA {word}; « Saint-Étienne »,", commaRow);

        using (var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(directory, "dossiers.json"))))
        {
            Assert.Equal("ODbL-1.0", json.RootElement.GetProperty("license").GetString());
            var item = json.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetInt32() == id);
            Assert.Equal(["vsa", "drones"], item.GetProperty("technologies").EnumerateArray().Select(t => t.GetString()));
            Assert.Equal(12, item.GetProperty("cameras").GetInt32());
            Assert.Equal(1, item.GetProperty("sources").GetInt32());
        }
        using (var sources = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(directory, "sources.json"))))
        {
            var source = sources.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("dossier_id").GetInt32() == id);
            Assert.Equal("https://www.example.org/article", source.GetProperty("url").GetString());
        }
        using (var geo = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(directory, "dossiers.geojson"))))
        {
            Assert.Equal("FeatureCollection", geo.RootElement.GetProperty("type").GetString());
            Assert.False(geo.RootElement.TryGetProperty("crs", out var _));
            var feature = geo.RootElement.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("id").GetInt32() == id);
            Assert.Equal([4.3872, 45.4397], feature.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()));
        }

        // OpenStreetMap's cameras: their own file, their licence and attribution, never in ours.
        using (var cameras = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(directory, "cameras-openstreetmap.geojson"))))
        {
            Assert.Equal("© les contributeurs d'OpenStreetMap", cameras.RootElement.GetProperty("attribution").GetString());
            Assert.Equal("ODbL-1.0", cameras.RootElement.GetProperty("license").GetString());
            var camera = cameras.RootElement.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("osm_id").GetString() == $"node/{nodeId}");
            Assert.Equal([4.387123, 45.440123], camera.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()));
            Assert.Equal(operatorName, camera.GetProperty("properties").GetProperty("operator").GetString());
        }
        foreach (var ours in manifest.Files.Where(f => f.Dataset != "cameras-openstreetmap"))
        {
            Assert.DoesNotContain(operatorName, await File.ReadAllTextAsync(Path.Combine(directory, ours.Name)));
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Campaign_statuses_are_decided_as_on_the_site_and_keep_nobodys_address(DatabaseProvider provider)
    {
        var (app, _, directory) = await StartAsync(apps, provider);
        await using var __ = app;
        var word = UniqueWord();
        var email = $"{word}@collectif.example.org";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            var campaign = await db.Set<Campaign>().SingleAsync(c => c.Slug == CampaignSeed.PasDeVsaSlug);
            var now = TimeProvider.System.GetUtcNow().UtcDateTime;
            await db.Set<CampaignRequest>().Where(r => r.TerritoryCode == "89001" || r.TerritoryCode == "89002").ExecuteDeleteAsync();
            await db.Set<CampaignResponse>().Where(r => r.TerritoryCode == "89001" || r.TerritoryCode == "89002").ExecuteDeleteAsync();
            db.Add(new CampaignRequest { CampaignId = campaign.Id, TerritoryKind = TerritoryKind.Commune, TerritoryCode = "89001", SentOn = new DateOnly(2026, 10, 1), ContactEmail = email, CreatedAt = now });
            db.Add(new CampaignRequest { CampaignId = campaign.Id, TerritoryKind = TerritoryKind.Commune, TerritoryCode = "89001", SentOn = new DateOnly(2026, 9, 1), CreatedAt = now });
            db.Add(new CampaignRequest { CampaignId = campaign.Id, TerritoryKind = TerritoryKind.Commune, TerritoryCode = "89002", SentOn = new DateOnly(2026, 8, 1), ContactEmail = email, CreatedAt = now });
            db.Add(new CampaignResponse
            {
                CampaignId = campaign.Id, TerritoryKind = TerritoryKind.Commune, TerritoryCode = "89002", RespondedOn = new DateOnly(2026, 9, 15),
                Kind = ResponseKind.Refused, SourceUrl = "https://www.example.org/reponse", ReportedBy = "Collectif " + word, CreatedAt = now,
            });
            await db.SaveChangesAsync();
        }

        await DumpAsync(app);

        var rows = (await File.ReadAllLinesAsync(Path.Combine(directory, "statuts-campagne-virgule.csv"))).ToList();
        Assert.Equal("campagne,territoire_type,territoire_code,statut,sollicitations,premiere_sollicitation,derniere_reponse,source_reponse", rows[0]);
        Assert.Contains($"{CampaignSeed.PasDeVsaSlug},commune,89001,asked-no-answer,2,2026-09-01,,", rows);
        Assert.Contains($"{CampaignSeed.PasDeVsaSlug},commune,89002,refused,1,2026-08-01,2026-09-15,https://www.example.org/reponse", rows);
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            var text = await File.ReadAllTextAsync(file);
            Assert.DoesNotContain(email, text);
            Assert.DoesNotContain("Collectif " + word, text);
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Files_are_served_with_etag_last_modified_and_ranges(DatabaseProvider provider)
    {
        var (app, moderator, directory) = await StartAsync(apps, provider);
        await using var _ = app;
        var client = app.CreateBrowserlessClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/donnees/dossiers.csv")).StatusCode);

        await DossierGeoJsonTests.CreateAsync(moderator, DossierGeoJsonTests.Dossier($"VSA {UniqueWord()}", "commune", "42218", ["vsa"]));
        var manifest = await DumpAsync(app);
        var file = manifest.Find("dossiers.csv")!;
        var bytes = await File.ReadAllBytesAsync(Path.Combine(directory, file.Name));

        var whole = await client.GetAsync("/donnees/dossiers.csv");
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("text/csv", whole.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await whole.Content.ReadAsByteArrayAsync());
        Assert.Equal("bytes", whole.Headers.AcceptRanges.Single());
        Assert.Equal($"\"{file.Sha256[..32]}\"", whole.Headers.ETag?.Tag);
        Assert.Equal(new DateTimeOffset(DateTime.SpecifyKind(file.GeneratedAt, DateTimeKind.Utc)).ToUnixTimeSeconds(), whole.Content.Headers.LastModified?.ToUnixTimeSeconds());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/donnees/dossiers.csv");
        conditional.Headers.IfNoneMatch.Add(whole.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional)).StatusCode);

        using var range = new HttpRequestMessage(HttpMethod.Get, "/donnees/dossiers.csv");
        range.Headers.Range = new RangeHeaderValue(10, 19);
        var partial = await client.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(bytes[10..20], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes 10-19/{bytes.Length}", partial.Content.Headers.ContentRange?.ToString());

        using var beyond = new HttpRequestMessage(HttpMethod.Get, "/donnees/dossiers.csv");
        beyond.Headers.Range = new RangeHeaderValue(bytes.Length + 10, bytes.Length + 20);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, (await client.SendAsync(beyond)).StatusCode);

        var geojson = await client.GetAsync("/donnees/dossiers.geojson");
        Assert.Equal("application/geo+json", geojson.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/donnees/SHA256SUMS")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/donnees/manifest.json")).StatusCode);
        foreach (var name in new[] { "inconnu.csv", "..%2Fmanifest.json", "%2Fetc%2Fpasswd", ".dossiers.csv.tmp", "DOSSIERS.CSV" })
        {
            var missing = await client.GetAsync($"/donnees/{name}");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Contains("Fichier introuvable", await missing.Content.ReadAsStringAsync());
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_page_lists_datasets_schema_licence_files_and_changelog(DatabaseProvider provider)
    {
        var (app, moderator, _) = await StartAsync(apps, provider);
        await using var __ = app;
        var client = app.CreateBrowserlessClient();
        var before = HtmlText.Visible(await client.GetStringAsync("/donnees"));
        Assert.Contains("pas encore été produits", before);

        await DossierGeoJsonTests.CreateAsync(moderator, DossierGeoJsonTests.Dossier($"VSA {UniqueWord()}", "commune", "42218", ["vsa"]));
        var manifest = await DumpAsync(app);
        var page = await client.GetStringAsync("/donnees");
        var text = HtmlText.Visible(page);
        Assert.Contains("Pourquoi l'ODbL plutôt que la Licence Ouverte 2.0", text);
        Assert.Contains("© les contributeurs d'OpenStreetMap", text);
        Assert.Contains("Dossiers de l'observatoire", text);
        Assert.Contains("Caméras d'OpenStreetMap", text);
        Assert.Contains("statut_depuis", text);
        Assert.Contains("Journal des changements", text);
        Assert.Contains(manifest.Find("dossiers.geojson")!.Sha256, page);
        Assert.Contains("href=\"/donnees/dossiers-virgule.csv\"", page);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_admins_button_and_the_nightly_job_make_the_dumps(DatabaseProvider provider)
    {
        var (app, _, directory) = await StartAsync(apps, provider);
        await using var __ = app;
        var admin = await TestAccounts.SignInWithTotpAsync(app, Roles.Admin);
        Assert.Contains("Aucun export n'a encore été produit.", HtmlText.Visible(await admin.Client.GetStringAsync("/admin")));
        var posted = await admin.SubmitAsync("/admin/donnees", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains("Export lancé", HtmlText.Visible(await admin.Client.GetStringAsync("/admin/donnees")));
        await WaitForAsync(() => OpenDataManifest.Read(directory) is not null);

        // An app whose job may run at once: it finds no dump and makes one.
        var (nightly, _, nightlyDirectory) = await StartAsync(apps, provider, new() { ["OpenData:FirstDelayMinutes"] = "0" });
        await using var ___ = nightly;
        nightly.CreateClient();
        await WaitForAsync(() => OpenDataManifest.Read(nightlyDirectory) is not null);
    }

    [Fact]
    public void The_nightly_dump_is_due_once_after_the_hour()
    {
        var night = new DateTime(2026, 12, 5, 2, 0, 0, DateTimeKind.Utc);
        Assert.True(OpenDataNightlyJob.IsDue(null, night.AddHours(5), 2));
        Assert.True(OpenDataNightlyJob.IsDue(night.AddMinutes(-1), night.AddMinutes(1), 2));
        Assert.False(OpenDataNightlyJob.IsDue(night.AddMinutes(1), night.AddHours(20), 2));
        Assert.False(OpenDataNightlyJob.IsDue(night.AddHours(-3), night.AddHours(-1), 2));
        Assert.True(OpenDataNightlyJob.IsDue(night.AddHours(1), night.AddDays(1).AddMinutes(5), 2));
    }

    [Fact]
    public async Task The_command_line_writes_the_dumps()
    {
        var database = await apps.GetAsync(DatabaseProvider.Sqlite);
        var directory = System.IO.Directory.CreateTempSubdirectory("contrevue-donnees-cli-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Contrevue.dll"), "opendata", "dump",
            "--Database:Provider=Sqlite", $"--ConnectionStrings:Default={database.Database.ConnectionString}", $"--OpenData:Directory={directory}",
        })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("ConnectionStrings__Default");
        start.Environment.Remove("Database__Provider");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await error);
        Assert.Contains($"Données ouvertes écrites dans {directory}", await output);
        Assert.Contains("dossiers.geojson", await output);
        Assert.NotNull(OpenDataManifest.Read(directory)?.Find("dossiers.csv"));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var started = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(60), "the dump was not written within a minute");
            await Task.Delay(100);
        }
    }
}
