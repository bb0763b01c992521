using Contrevue.Infrastructure.Security;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Contrevue.Features.Accounts;
using Contrevue.Infrastructure.Files;
using Contrevue.Infrastructure.Fetching;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Observatoire.Files;

/// <summary>
/// Snapshots' refusals through the API. Their success path needs a public web server, which tests do
/// not reach (and a local one is refused, as it must be): what a page answered is tested through
/// <see cref="SourceSnapshotter.StoreContentAsync"/> instead, with no seam in the address checks.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class SnapshotApiTests(TestApps apps)
{
    private async Task<AppFactory> EnabledAppAsync(DatabaseProvider provider) =>
        new((await apps.GetAsync(provider)).Database,
            new Dictionary<string, string> { ["Observatoire:Snapshots:Enabled"] = "true" },
            ownsDatabase: false);

    private static async Task<(HttpStatusCode Status, string Detail)> SnapshotAsync(HttpClient client, string url)
    {
        var response = await client.PostAsJsonAsync("/api/v1/snapshots", new { url });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString()! : "");
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Local_and_private_addresses_are_refused(DatabaseProvider provider)
    {
        await using var app = await EnabledAppAsync(provider);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var member = TestAccounts.ClientWithToken(app, token);

        foreach (var url in new[] { "http://127.0.0.1/", "http://localhost/", "http://10.0.0.1/", "http://[::1]/", "http://169.254.169.254/latest/meta-data/", "https://192.168.1.1:8443/admin", "http://[::ffff:127.0.0.1]/" })
        {
            var (status, detail) = await SnapshotAsync(member, url);

            Assert.True(status == HttpStatusCode.BadRequest, $"{url}: {status}");
            Assert.Equal("Adresse refusée : les adresses locales ou privées (127.0.0.1…) ne peuvent pas être capturées.", detail);
        }
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains("169.254.169.254", StringComparison.Ordinal) || line.Contains("10.0.0.1", StringComparison.Ordinal));

        var (invalidStatus, invalidDetail) = await SnapshotAsync(member, "ftp://example.org/document.pdf");
        Assert.Equal(HttpStatusCode.BadRequest, invalidStatus);
        Assert.Contains("http:// ou https://", invalidDetail);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Snapshots_are_refused_when_disabled_which_is_the_default(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);

        var (status, detail) = await SnapshotAsync(TestAccounts.ClientWithToken(app, token), "https://www.legifrance.gouv.fr/");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(SourceSnapshotter.DisabledMessage, detail);
        var anonymous = await app.CreateBrowserlessClient().PostAsJsonAsync("/api/v1/snapshots", new { url = "https://www.legifrance.gouv.fr/" });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Snapshot_requests_are_limited_per_account(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var (_, otherToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var member = TestAccounts.ClientWithToken(app, token);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Conflict, (await SnapshotAsync(member, "https://www.legifrance.gouv.fr/")).Status);
        }
        var limited = await member.PostAsJsonAsync("/api/v1/snapshots", new { url = "https://www.legifrance.gouv.fr/" });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        using var problem = JsonDocument.Parse(await limited.Content.ReadAsStringAsync());
        Assert.StartsWith("Trop de captures demandées en peu de temps", problem.RootElement.GetProperty("detail").GetString());
        // Another account has its own allowance.
        Assert.Equal(HttpStatusCode.Conflict, (await SnapshotAsync(TestAccounts.ClientWithToken(app, otherToken), "https://www.legifrance.gouv.fr/")).Status);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_captured_page_is_stored_as_is_and_served_sandboxed_and_documents_are_checked_as_uploads(DatabaseProvider provider)
    {
        await using var app = await EnabledAppAsync(provider);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var html = Encoding.UTF8.GetBytes($"<!doctype html><title>Délibération</title><script>alert('{Guid.NewGuid()}')</script>");
        var jpeg = TestFiles.JpegWithExif();
        SnapshotResult page, photo, fakePdf;
        using (var scope = app.Services.CreateScope())
        {
            var snapshotter = scope.ServiceProvider.GetRequiredService<SourceSnapshotter>();
            page = await snapshotter.StoreContentAsync(html, FileType.Html, "UTF-8", default);
            photo = await snapshotter.StoreContentAsync(jpeg, FileType.Jpeg, null, default);
            fakePdf = await snapshotter.StoreContentAsync(html, FileType.Pdf, null, default);
        }

        Assert.True(page.Succeeded);
        Assert.True(photo.Succeeded);
        // Served by what cites them (FileVisibility): here a hidden dossier, which moderators see.
        await Hardening.AuthorizationWorld.CreateDossierAsync(app, "Captures", hidden: true, page.File!.Sha256);
        await Hardening.AuthorizationWorld.CreateDossierAsync(app, "Captures", hidden: true, photo.File!.Sha256);
        var served = await moderator.GetAsync(page.File!.Url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(html, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal("text/html; charset=utf-8", served.Content.Headers.ContentType?.ToString());
        Assert.Contains(FileEndpoints.ContentSecurityPolicy, served.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal("inline", served.Content.Headers.ContentDisposition?.DispositionType);

        Assert.Equal(TestFiles.TinyJpeg, await moderator.GetByteArrayAsync(photo.File!.Url));

        Assert.False(fakePdf.Succeeded);
        Assert.Equal(SnapshotErrorKind.UnsupportedContent, fakePdf.ErrorKind);
        Assert.Equal("L'adresse annonce un PDF, mais son contenu semble être une page HTML.", fakePdf.Error);
    }
}
