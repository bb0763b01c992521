using Contrevue.Infrastructure.Security;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Contrevue.Features.Accounts;
using Contrevue.Features.Campaigns;
using Contrevue.Features.Collectives.Calendar;
using Contrevue.Features.Procedures;
using Contrevue.Tests.Features.Procedures;
using Contrevue.Tests.Infrastructure.Mail;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Hardening;

/// <summary>
/// Class 1 of the hardening issue: no absolute link — in an e-mail, a feed, an og:image or an .ics —
/// is ever built from a Host (or X-Forwarded-Host) the site did not choose. Without
/// <c>Site:PublicUrl</c>, a request under another name is refused; with it, links use it whatever
/// the request says.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed partial class ForgedHostLinkTests(TestApps apps)
{
    private const string Evil = "evil.example";

    /// <summary>One way an attacker names their own host, the settings it is tried under, and where links must point (null: the request is refused).</summary>
    public sealed record Forgery(string Name, Dictionary<string, string> Settings, string? Host, string? ForwardedHost, string? ExpectedBase)
    {
        public void ApplyTo(HttpRequestMessage request)
        {
            if (Host is not null)
            {
                request.Headers.Host = Host;
            }
            if (ForwardedHost is not null)
            {
                request.Headers.Add("X-Forwarded-Host", ForwardedHost);
                request.Headers.Add("X-Forwarded-Proto", "https");
            }
        }

        public override string ToString() => Name;
    }

    private static readonly Forgery[] Forgeries =
    [
        new("Host, no public address", new() { ["Abuse:UnverifiedPerMinute"] = "60" }, Evil, null, ExpectedBase: null),
        // The proxy on loopback is trusted (the default), yet the host it forwards is not one of ours.
        new("X-Forwarded-Host from a trusted proxy", new() { ["Abuse:UnverifiedPerMinute"] = "60", ["ForwardedHeaders:Enabled"] = "true" }, null, Evil, "https://localhost"),
        // An operator who opened the host filter but set the public address: links use that address.
        new("Host, public address set", new() { ["Abuse:UnverifiedPerMinute"] = "60", ["Site:PublicUrl"] = "https://contrevue.example/", ["AllowedHosts"] = "*" }, Evil, null, "https://contrevue.example"),
    ];

    public static TheoryData<DatabaseProvider, string> ProvidersAndForgeries
    {
        get
        {
            var data = new TheoryData<DatabaseProvider, string>();
            foreach (var provider in TestDatabases.Providers)
            {
                foreach (var forgery in Forgeries)
                {
                    data.Add(provider, forgery.Name);
                }
            }
            return data;
        }
    }

    [Theory, MemberData(nameof(ProvidersAndForgeries))]
    public async Task Emailed_links_never_carry_a_forged_host(DatabaseProvider provider, string forgeryName)
    {
        var forgery = Forgeries.Single(f => f.Name == forgeryName);
        var shared = await apps.GetAsync(provider);
        await using var app = new AppFactory(shared.Database, forgery.Settings, ownsDatabase: false);

        // Password reset, for a real member.
        var (user, _) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var reset = await SubmitForgedAsync(new FormSession(app.CreateBrowserlessClient()), "/mot-de-passe-oublie",
            new() { ["Email"] = user.Email! }, forgery);

        // An invitation sent by a member of a collective.
        var collectiveId = await ProcedureWorld.CreateCollectiveAsync(app);
        var member = await ProcedureWorld.MemberAsync(app, collectiveId);
        var invitee = MailTestSupport.NewRecipient("invitee");
        var invitation = await SubmitForgedAsync(member.Browser, $"/collectifs/{collectiveId}",
            new() { ["Email"] = invitee }, forgery, action: $"/collectifs/{collectiveId}?handler=Invite");

        // A public proposal whose contributor confirms by e-mail.
        var contributor = MailTestSupport.NewRecipient("contributor");
        using var proposalRequest = new HttpRequestMessage(HttpMethod.Post, "/api/v1/proposals")
        {
            Content = JsonContent.Create(new
            {
                kind = "territory-contact",
                territory = "42187",
                data = new { mayor = "Yves Nicolin" },
                source = "Affichage en mairie",
                contributorEmail = contributor,
            }),
        };
        forgery.ApplyTo(proposalRequest);
        var proposal = await app.CreateBrowserlessClient().SendAsync(proposalRequest);

        foreach (var (what, response, recipient, path) in new[]
        {
            ("password reset", reset, user.Email!, "/mot-de-passe/nouveau?email="),
            ("invitation", invitation, invitee, "/invitation?jeton="),
            ("proposal confirmation", proposal, contributor, "/proposer/confirmer?jeton="),
        })
        {
            var mail = await OutboxAsync(app, recipient);
            Assert.DoesNotContain(Evil, mail, StringComparison.OrdinalIgnoreCase);
            if (forgery.ExpectedBase is null)
            {
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode}, expected 400");
                Assert.Contains("Requête refusée", await response.Content.ReadAsStringAsync());
                Assert.Equal("", mail);
            }
            else
            {
                Assert.True((int)response.StatusCode is >= 200 and < 400, $"{what}: {(int)response.StatusCode}");
                Assert.Contains(forgery.ExpectedBase + path, mail);
            }
        }
    }

    [Theory, MemberData(nameof(ProvidersAndForgeries))]
    public async Task Documents_cached_for_everyone_never_carry_a_forged_host(DatabaseProvider provider, string forgeryName)
    {
        var forgery = Forgeries.Single(f => f.Name == forgeryName);
        var shared = await apps.GetAsync(provider);
        await using var app = new AppFactory(shared.Database, forgery.Settings, ownsDatabase: false);
        var collectiveId = await ProcedureWorld.CreateCollectiveAsync(app);
        var member = await ProcedureWorld.MemberAsync(app, collectiveId, signIn: false);
        int procedureId;
        string calendarToken;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            var now = TimeProvider.System.GetUtcNow().UtcDateTime;
            var procedure = new Procedure
            {
                CollectiveId = collectiveId, Kind = "cada-request", Title = "Demande CADA : marché de VSA", AuthorityName = "Ville de Saint-Étienne",
                DepartementCode = "42", StartOn = Contrevue.Infrastructure.Time.ParisCalendar.Today(TimeProvider.System).AddDays(-10),
                Status = ProcedureStatus.Running, CreatedAt = now, UpdatedAt = now, CreatedByUserId = member.UserId,
            };
            db.Add(procedure);
            await db.SaveChangesAsync();
            procedureId = procedure.Id;
            calendarToken = await scope.ServiceProvider.GetRequiredService<CollectiveCalendar>().RenewAsync(collectiveId, member.UserId, CancellationToken.None);
        }

        var documents = new (string Path, bool ShowsAddress)[]
        {
            ("/observatoire/flux.atom", true),
            ("/observatoire/flux.atom?departement=42", true),
            ($"/campagnes/{CampaignSeed.PasDeVsaSlug}/reponses.atom", true),
            ("/communes/42218-saint-etienne", true),
            ($"/campagnes/{CampaignSeed.PasDeVsaSlug}", true),
            (CollectiveCalendar.PathOf(calendarToken), true),
            ($"/procedures/{procedureId}/delais.ics", true),
            ("/openapi/v1.json", false),
        };
        foreach (var (path, showsAddress) in documents)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            forgery.ApplyTo(request);
            var response = await member.Api.SendAsync(request);
            // iCalendar folds long lines: a host cut in two must still be seen.
            var body = (await response.Content.ReadAsStringAsync()).Replace("\r\n ", "", StringComparison.Ordinal);

            Assert.DoesNotContain(Evil, body, StringComparison.OrdinalIgnoreCase);
            if (forgery.ExpectedBase is null)
            {
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode}, expected 400");
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
                if (showsAddress)
                {
                    Assert.Contains(forgery.ExpectedBase + "/", body);
                }
            }
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Without_a_public_address_only_the_local_names_are_served(DatabaseProvider provider)
    {
        var client = (await apps.GetAsync(provider)).CreateBrowserlessClient();

        foreach (var host in new[] { "localhost", "localhost:8080", "127.0.0.1:5000", "[::1]:8080" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/observatoire/flux.atom");
            request.Headers.Host = host;
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains($"http://{host}/observatoire", await response.Content.ReadAsStringAsync());
        }
        foreach (var host in new[] { Evil, "evil.example:8080", "localhost.evil.example", "127.0.0.1.evil.example" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/observatoire/flux.atom");
            request.Headers.Host = host;
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString());
            var text = await response.Content.ReadAsStringAsync();
            Assert.Contains("Requête refusée", text);
            Assert.DoesNotContain(host, text);
        }

        // Health probes of an orchestrator use the container's address as Host: they build no link.
        using var probe = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        probe.Headers.Host = "10.0.0.7:8080";
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(probe)).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task On_real_Kestrel_the_address_it_listens_on_is_served_and_other_names_refused(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        await using var app = new AppFactory(shared.Database, ownsDatabase: false);
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var origin = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        using var client = new HttpClient { BaseAddress = origin };

        var feed = await client.GetStringAsync("/observatoire/flux.atom");
        Assert.Contains($"http://127.0.0.1:{origin.Port}/observatoire", feed);
        // Malformed punycode throws when ASP.NET Core decodes the Host: refused before anything reads it.
        foreach (var host in new[] { Evil, "xn--localhost-evil.example", "xn--zz" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/observatoire/flux.atom");
            request.Headers.Host = host;
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("Requête refusée", await response.Content.ReadAsStringAsync());
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_instance_that_would_build_links_from_any_host_does_not_start(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        foreach (var (settings, expected) in new (Dictionary<string, string>, string)[]
        {
            (new() { ["AllowedHosts"] = "*" }, "Site:PublicUrl"),
            (new() { ["Site:PublicUrl"] = "contrevue.example" }, "Site:PublicUrl"),
            (new() { ["Site:PublicUrl"] = "ftp://contrevue.example" }, "Site:PublicUrl"),
            (new() { ["Site:PublicUrl"] = "https://contrevue.example/?x=1" }, "Site:PublicUrl"),
        })
        {
            await using var app = new AppFactory(shared.Database, settings, ownsDatabase: false);
            var error = Record.Exception(() => app.CreateClient());
            Assert.NotNull(error);
            Assert.Contains(expected, error.ToString());
        }

        // Setting the public address is enough: its host is served without listing it again.
        await using var configured = new AppFactory(shared.Database, new Dictionary<string, string> { ["Site:PublicUrl"] = "https://contrevue.example" }, ownsDatabase: false);
        var client = configured.CreateBrowserlessClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/observatoire/flux.atom");
        request.Headers.Host = "contrevue.example";
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("https://contrevue.example/observatoire", await response.Content.ReadAsStringAsync());
    }

    /// <summary>GETs the form's page under the real name, then POSTs it under the forged one.</summary>
    private static async Task<HttpResponseMessage> SubmitForgedAsync(
        FormSession session, string page, Dictionary<string, string> fields, Forgery forgery, string? action = null)
    {
        var html = await session.Client.GetStringAsync(page);
        var token = AntiforgeryToken().Match(html);
        Assert.True(token.Success, $"no antiforgery token on {page}");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        using var request = new HttpRequestMessage(HttpMethod.Post, action ?? page) { Content = new FormUrlEncodedContent(fields) };
        forgery.ApplyTo(request);
        return await session.Client.SendAsync(request);
    }

    /// <summary>Every message queued for the recipient (text and HTML), empty when none.</summary>
    private static async Task<string> OutboxAsync(AppFactory app, string recipient)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var messages = await scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().OutboxMessages.AsNoTracking()
            .Where(m => m.Recipient == recipient).ToListAsync();
        return string.Concat(messages.Select(m => m.TextBody + "\n" + m.HtmlBody));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
