using Contrevue.Infrastructure.Security;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Accounts;
using Contrevue.Features.Observatoire;
using Contrevue.Features.Observatoire.Reports;
using Contrevue.Tests.Features.Observatoire.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Hardening;

/// <summary>
/// Class 2 of the hardening issue: three anonymous reports from one client hid any dossier, and hid it
/// again after a moderator restored it. Clients are told apart by their address (here through
/// X-Forwarded-For, the app sitting behind a trusted proxy), which is never stored: only a keyed hash
/// whose key lives in the instance's memory.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class OneClientReportTests(TestApps apps)
{
    private static readonly Dictionary<string, string> BehindProxy = new() { ["ForwardedHeaders:Enabled"] = "true" };

    private static async Task<string> ReportFromAsync(HttpClient client, string address, string target, int id, string reason = "false")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports") { Content = JsonContent.Create(new { target, id, reason }) };
        request.Headers.Add("X-Forwarded-For", address);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("status").GetString()!;
    }

    private static async Task<bool> PubliclyVisibleAsync(HttpClient anonymous, int dossierId) =>
        (await anonymous.GetAsync($"/api/v1/dossiers/{dossierId}")).StatusCode == HttpStatusCode.OK;

    private static string Unique(string title) => $"{title} {Guid.NewGuid():N}"[..(title.Length + 9)];

    /// <summary>Addresses of the documentation ranges, unique to each test run so that runs do not meet.</summary>
    private static string[] Addresses(int count)
    {
        var start = RandomNumberGenerator.GetInt32(1, 200);
        var network = RandomNumberGenerator.GetInt32(0, 3) switch { 0 => "192.0.2", 1 => "198.51.100", _ => "203.0.113" };
        return [.. Enumerable.Range(start, count).Select(i => $"{network}.{i}")];
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Reports_from_one_client_count_once_and_three_clients_hide(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, BehindProxy, ownsDatabase: false);
        var anonymous = app.CreateBrowserlessClient();
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var dossier = await ReportTests.CreateDossierAsync(TestAccounts.ClientWithToken(app, token), Unique("VSA visée"));
        var clients = Addresses(3);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("received", await ReportFromAsync(anonymous, clients[0], "dossier", dossier.Id));
        }
        Assert.True(await PubliclyVisibleAsync(anonymous, dossier.Id), "three reports from one client hid the dossier");

        Assert.Equal("received", await ReportFromAsync(anonymous, clients[1], "dossier", dossier.Id));
        Assert.Equal("hidden", await ReportFromAsync(anonymous, clients[2], "dossier", dossier.Id));
        Assert.False(await PubliclyVisibleAsync(anonymous, dossier.Id));

        // A source too; and an IPv6 client is its /64, whatever address it takes in it.
        var other = await ReportTests.CreateDossierAsync(TestAccounts.ClientWithToken(app, token), Unique("VSA sourcée"));
        var (sourceId, _) = other.Sources[0];
        var prefix = $"2001:db8:{RandomNumberGenerator.GetInt32(1, 0xffff):x}:1";
        Assert.Equal("received", await ReportFromAsync(anonymous, $"{prefix}::1", "source", sourceId));
        Assert.Equal("received", await ReportFromAsync(anonymous, $"{prefix}::2", "source", sourceId));
        Assert.Equal("received", await ReportFromAsync(anonymous, $"{prefix}:abcd::3", "source", sourceId));
        using (var read = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/v1/dossiers/{other.Id}")))
        {
            Assert.Contains(read.RootElement.GetProperty("sources").EnumerateArray(), s => s.GetProperty("id").GetInt32() == sourceId);
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_restored_dossier_does_not_fall_to_the_same_clients_again(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, BehindProxy, ownsDatabase: false);
        var anonymous = app.CreateBrowserlessClient();
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var dossier = await ReportTests.CreateDossierAsync(moderator, Unique("VSA rétablie"));
        var clients = Addresses(6);

        Assert.Equal("received", await ReportFromAsync(anonymous, clients[0], "dossier", dossier.Id));
        Assert.Equal("received", await ReportFromAsync(anonymous, clients[1], "dossier", dossier.Id));
        Assert.Equal("hidden", await ReportFromAsync(anonymous, clients[2], "dossier", dossier.Id));
        var restored = await moderator.PostAsJsonAsync($"/api/v1/moderation/reports/dossier/{dossier.Id}/restore", new { reason = "Faits sourcés" });
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.True(await PubliclyVisibleAsync(anonymous, dossier.Id));

        // The same three clients, again and again: the moderator's decision holds.
        foreach (var client in clients[..3])
        {
            Assert.Equal("received", await ReportFromAsync(anonymous, client, "dossier", dossier.Id, "defamatory"));
            Assert.Equal("received", await ReportFromAsync(anonymous, client, "dossier", dossier.Id, "personal-data"));
        }
        Assert.True(await PubliclyVisibleAsync(anonymous, dossier.Id), "the clients whose reports were dismissed hid the dossier again");

        // Three other clients still can: the reports are there for new problems.
        Assert.Equal("received", await ReportFromAsync(anonymous, clients[3], "dossier", dossier.Id));
        Assert.Equal("received", await ReportFromAsync(anonymous, clients[4], "dossier", dossier.Id));
        Assert.Equal("hidden", await ReportFromAsync(anonymous, clients[5], "dossier", dossier.Id));

        using var history = JsonDocument.Parse(await moderator.GetStringAsync($"/api/v1/dossiers/{dossier.Id}/history"));
        Assert.Equal(
            ["Masqué après 3 signalements", "Rétabli par la modération : Faits sourcés", "Masqué après 3 signalements", "Création du dossier"],
            history.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reason").GetString()));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Two_reports_at_the_threshold_hide_once(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, BehindProxy, ownsDatabase: false);
        var anonymous = app.CreateBrowserlessClient();
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var dossier = await ReportTests.CreateDossierAsync(moderator, Unique("VSA disputée"));
        var clients = Addresses(8);

        Assert.Equal("received", await ReportFromAsync(anonymous, clients[0], "dossier", dossier.Id));
        Assert.Equal("received", await ReportFromAsync(anonymous, clients[1], "dossier", dossier.Id));
        // Six clients at once, all at or past the threshold: one hides, the others find it hidden.
        var racing = await Task.WhenAll(clients[2..].Select(async client =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports") { Content = JsonContent.Create(new { target = "dossier", id = dossier.Id, reason = "false" }) };
            request.Headers.Add("X-Forwarded-For", client);
            var response = await anonymous.SendAsync(request);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(racing, r => Assert.True(r.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.NotFound, $"{r.StatusCode} {r.Body}"));
        Assert.Single(racing, r => r.Body.Contains("\"hidden\"", StringComparison.Ordinal));
        using var history = JsonDocument.Parse(await moderator.GetStringAsync($"/api/v1/dossiers/{dossier.Id}/history"));
        Assert.Single(history.RootElement.GetProperty("items").EnumerateArray(), i => i.GetProperty("reason").GetString()!.StartsWith("Masqué après", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task No_address_nor_anything_reversible_to_one_is_stored(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        await using var app = new AppFactory(shared.Database, BehindProxy, ownsDatabase: false);
        var anonymous = app.CreateBrowserlessClient();
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var dossier = await ReportTests.CreateDossierAsync(TestAccounts.ClientWithToken(app, token), Unique("VSA discrète"));
        var clients = Addresses(2);
        foreach (var client in clients)
        {
            Assert.Equal("received", await ReportFromAsync(anonymous, client, "dossier", dossier.Id));
        }

        // Everything the database holds, every table, as text: no address, no unkeyed hash of one.
        var forbidden = clients.SelectMany(ReversibleForms).ToList();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct())
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM \"{table}\"";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    for (var column = 0; column < reader.FieldCount; column++)
                    {
                        if (await reader.IsDBNullAsync(column) || reader.GetValue(column) is byte[])
                        {
                            continue;
                        }
                        var text = Convert.ToString(reader.GetValue(column), System.Globalization.CultureInfo.InvariantCulture) ?? "";
                        var found = forbidden.FirstOrDefault(f => text.Contains(f, StringComparison.OrdinalIgnoreCase));
                        Assert.True(found is null, $"{table}.{reader.GetName(column)} holds « {found} »");
                    }
                }
            }
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_client_hashes_are_forgotten_once_their_window_has_passed(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, BehindProxy, ownsDatabase: false);
        var anonymous = app.CreateBrowserlessClient();
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var dossier = await ReportTests.CreateDossierAsync(TestAccounts.ClientWithToken(app, token), Unique("VSA oubliée"));
        var clients = Addresses(2);
        foreach (var client in clients)
        {
            Assert.Equal("received", await ReportFromAsync(anonymous, client, "dossier", dossier.Id));
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var reports = scope.ServiceProvider.GetRequiredService<ReportService>();
        IQueryable<Report> OfDossier() => db.Set<Report>().AsNoTracking().Where(r => r.TargetKind == ReportTargetKind.Dossier && r.TargetId == dossier.Id);
        var stored = await OfDossier().Select(r => r.ClientHash).ToListAsync();
        Assert.Equal(2, stored.Count);
        Assert.All(stored, hash => Assert.False(string.IsNullOrEmpty(hash)));
        Assert.Equal(2, stored.Distinct().Count());
        Assert.Equal(TimeSpan.FromHours(48), reports.ClientWindow);

        // Within the window they stay (they serve); past it they go, and the reports stay for the moderators.
        await reports.ForgetClientsAsync(TimeProvider.System.GetUtcNow().UtcDateTime + reports.ClientWindow - TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.Equal(2, await OfDossier().CountAsync(r => r.ClientHash != null));
        await reports.ForgetClientsAsync(TimeProvider.System.GetUtcNow().UtcDateTime + reports.ClientWindow + TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(2, await OfDossier().CountAsync(r => r.ClientHash == null));
    }

    /// <summary>An address as text, and as anyone could hash it without the key.</summary>
    private static IEnumerable<string> ReversibleForms(string address)
    {
        yield return address;
        foreach (var input in new[] { address, $"dossier:{address}", $"{address}\n" })
        {
            var sha = SHA256.HashData(Encoding.UTF8.GetBytes(input));
            yield return Convert.ToHexString(sha);
            yield return Convert.ToBase64String(sha).TrimEnd('=');
            yield return Convert.ToBase64String(sha).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }
    }
}
