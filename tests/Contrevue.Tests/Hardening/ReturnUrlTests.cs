using Contrevue.Infrastructure.Security;
using System.Net;
using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Hardening;

/// <summary>
/// Class 6 of the hardening issue: an address given back to us (the language switch's <c>retour</c>,
/// sign-in's) is followed only when it is a path of this site, and never makes a 500. Served by real
/// Kestrel, which refuses control characters in a header, and read by a real HTTP client: what a
/// browser gets.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class ReturnUrlTests(TestApps apps)
{
    /// <summary>Each is sent as the decoded value: the client percent-encodes it into the query.</summary>
    public static readonly string[] Hostile =
    [
        "/\t/evil.example/",
        "/\n/evil.example/",
        "/\r\n/evil.example/",
        "\t//evil.example/",
        " //evil.example/",
        "//evil.example",
        "//evil.example/%2F..",
        "/\\evil.example",
        "/\\/evil.example",
        "\\\\evil.example",
        "https://evil.example",
        "HTTPS:evil.example",
        "javascript:alert(1)",
        "/\r\nSet-Cookie: pris=1",
        "/compte\r\nLocation: https://evil.example/",
        "/ /evil.example",
        "/\u00A0/evil.example",
        "/\u3000/evil.example",
        "/\0/evil.example",
        "evil.example",
        "",
    ];

    private static async Task<(AppFactory App, HttpClient Client)> KestrelAsync(TestApps apps, DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        var app = new AppFactory(shared.Database, ownsDatabase: false);
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var origin = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = origin };
        return (app, client);
    }

    /// <summary>A redirect that stays on this site: a path starting with one slash, nothing a browser would strip or reinterpret.</summary>
    private static void AssertStaysOnSite(HttpResponseMessage response, string expected, string what, string? target = null)
    {
        // A control character anywhere in the query is refused at the edge by the input rule, before any
        // redirect: no Location at all, which is just as safe. Only such a target may be answered so.
        if (target is not null && target.Any(char.IsControl) && response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.Null(response.Headers.Location);
            return;
        }
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{what}: {(int)response.StatusCode}, expected 302");
        var location = response.Headers.Location?.OriginalString;
        Assert.Equal(expected, location);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_language_switch_never_leaves_the_site_nor_fails(DatabaseProvider provider)
    {
        var (app, client) = await KestrelAsync(apps, provider);
        await using (app)
        using (client)
        {
            foreach (var language in new[] { "en", "fr" })
            {
                foreach (var target in Hostile)
                {
                    var response = await client.GetAsync($"/langue/{language}?retour={Uri.EscapeDataString(target)}");
                    AssertStaysOnSite(response, "/", $"retour « {Uri.EscapeDataString(target)} »", target);
                }
                // As the attacker types it, raw in the query.
                foreach (var raw in new[] { "/%09/evil.example/", "%2F%2Fevil.example", "/%0d%0a/evil.example", "%0D%0ASet-Cookie:%20a=b", "/%5Cevil.example" })
                {
                    AssertStaysOnSite(await client.GetAsync($"/langue/{language}?retour={raw}"), "/", raw, Uri.UnescapeDataString(raw));
                }

                // The site's own paths still come back, query included; other scripts' letters are escaped, not a 500.
                AssertStaysOnSite(await client.GetAsync($"/langue/{language}?retour=%2Fcommunes%2F42218-saint-etienne%3Fonglet%3Ddossiers"),
                    "/communes/42218-saint-etienne?onglet=dossiers", "own path");
                AssertStaysOnSite(await client.GetAsync($"/langue/{language}?retour={Uri.EscapeDataString("/recherche?q=Orléans")}"),
                    "/recherche?q=Orl%C3%A9ans", "accented path");
            }
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Sign_in_never_sends_anyone_to_another_site_nor_fails(DatabaseProvider provider)
    {
        var (app, client) = await KestrelAsync(apps, provider);
        await using (app)
        using (client)
        {
            var (user, _) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
            var session = new FormSession(client);
            var fields = new Dictionary<string, string> { ["Input.Email"] = user.Email!, ["Input.Password"] = TestAccounts.Password };

            // Sign-in is limited to 10 attempts a minute per client: the most telling cases only.
            foreach (var target in new[] { "/\t/evil.example/", "/\r\n/evil.example/", "//evil.example", "/\\evil.example", "https://evil.example", "/\r\nSet-Cookie: pris=1" })
            {
                var page = $"/connexion?retour={Uri.EscapeDataString(target)}";
                if (target.Any(char.IsControl))
                {
                    // Refused at the edge (input rule) before the form is even shown: nothing to submit, nowhere sent.
                    AssertStaysOnSite(await client.GetAsync(page), "/compte", $"sign-in page, retour « {Uri.EscapeDataString(target)} »", target);
                    continue;
                }
                AssertStaysOnSite(await session.SubmitAsync(page, fields), "/compte", $"sign-in, retour « {Uri.EscapeDataString(target)} »");
            }
            // The name ASP.NET Core gives this parameter elsewhere is not a way around the rule either.
            AssertStaysOnSite(await client.GetAsync("/connexion?ReturnUrl=%0A%2F%2Fevil.example"), "/compte", "ReturnUrl with a line feed", "\n//evil.example");
            AssertStaysOnSite(await session.SubmitAsync("/connexion?ReturnUrl=%2F%2Fevil.example", fields), "/compte", "ReturnUrl");
            AssertStaysOnSite(await session.SubmitAsync("/connexion?retour=%2Fcollectifs", fields), "/collectifs", "own path");

            // A page that needs an account sends to sign-in with the same parameter, which brings back.
            using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = client.BaseAddress };
            var toSignIn = await anonymous.GetAsync("/compte");
            Assert.Equal(HttpStatusCode.Redirect, toSignIn.StatusCode);
            var location = toSignIn.Headers.Location!;
            Assert.Equal("/connexion?retour=%2Fcompte", location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString);
        }
    }
}
