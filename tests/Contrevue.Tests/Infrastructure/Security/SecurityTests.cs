using System.Net;
using Contrevue.Infrastructure.Security;

namespace Contrevue.Tests.Infrastructure.Security;

[Collection(AppsCollection.Name)]
public sealed class SecurityTests(TestApps apps)
{
    public static readonly string[] PublicPages =
    [
        "/", "/recherche", "/recherche?q=saint", "/communes/42218-saint-etienne", "/communes/75101-paris-1er-arrondissement",
        "/communes/55273", "/departements", "/departements/42-loire", "/regions", "/regions/84-auvergne-rhone-alpes",
        "/epci/244200770-saint-etienne-metropole", "/introuvable", "/communes/99999", "/carte", "/osm", "/donnees",
    ];

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Every_page_and_api_answer_carries_the_security_headers(DatabaseProvider provider)
    {
        var client = (await apps.GetAsync(provider)).CreateBrowserlessClient();

        foreach (var url in PublicPages.Concat(["/api/v1/communes/42218", "/api/v1/communes/99999", "/healthz", "/css/site.css", "/communes/42218"]))
        {
            var response = await client.GetAsync(url);
            string Header(string name) =>
                response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
                    ? Assert.Single(values)
                    : throw new Xunit.Sdk.XunitException($"{url} ({(int)response.StatusCode}) lacks {name}");
            var csp = Header("Content-Security-Policy");
            Assert.Contains("default-src 'self'", csp);
            Assert.Contains("script-src 'self';", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.DoesNotContain("unsafe-eval", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Equal("nosniff", Header("X-Content-Type-Options"));
            Assert.Equal("no-referrer", Header("Referrer-Policy"));
            Assert.Contains("camera=()", Header("Permissions-Policy"));
            Assert.Contains("geolocation=()", Header("Permissions-Policy"));
            Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS only over HTTPS");
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Hsts_is_sent_over_https(DatabaseProvider provider)
    {
        // Served under its public name (loopback names are excluded from HSTS, and other names refused).
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database,
            new Dictionary<string, string> { ["Site:PublicUrl"] = "https://contrevue.example" }, ownsDatabase: false);
        var client = app.CreateClient(new() { BaseAddress = new Uri("https://contrevue.example"), AllowAutoRedirect = false });

        var response = await client.GetAsync("/communes/42218-saint-etienne");

        Assert.Contains("max-age=31536000", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task No_page_references_another_origin_and_none_has_inline_script_or_style(DatabaseProvider provider)
    {
        var client = (await apps.GetAsync(provider)).CreateBrowserlessClient();

        foreach (var url in PublicPages)
        {
            var html = await (await client.GetAsync(url)).Content.ReadAsStringAsync();
            foreach (var reference in HtmlText.ReferencedUrls(html))
            {
                Assert.True(reference.StartsWith('/') && !reference.StartsWith("//", StringComparison.Ordinal) || reference.StartsWith('#') || reference.StartsWith("data:", StringComparison.Ordinal) || reference.StartsWith("mailto:", StringComparison.Ordinal),
                    $"{url} refers to {reference}");
            }
            Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", html);
            Assert.DoesNotContain("<style", html);
            Assert.DoesNotMatch("\\sstyle=\"", html);
            Assert.DoesNotMatch("\\son[a-z]+=\"", html);
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Every_form_is_a_get_or_carries_an_antiforgery_token(DatabaseProvider provider)
    {
        var client = (await apps.GetAsync(provider)).CreateBrowserlessClient();

        foreach (var url in PublicPages)
        {
            var html = await (await client.GetAsync(url)).Content.ReadAsStringAsync();
            foreach (System.Text.RegularExpressions.Match form in System.Text.RegularExpressions.Regex.Matches(html, "<form[^>]*>.*?</form>", System.Text.RegularExpressions.RegexOptions.Singleline))
            {
                var isGet = form.Value.Contains("method=\"get\"", StringComparison.OrdinalIgnoreCase);
                Assert.True(isGet || form.Value.Contains("__RequestVerificationToken", StringComparison.Ordinal), $"{url}: {form.Value[..Math.Min(200, form.Value.Length)]}");
            }
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task No_ip_address_reaches_the_logs(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var client = app.CreateBrowserlessClient();
        const string visitorAddress = "203.0.113.77";

        foreach (var url in new[] { "/communes/42218-saint-etienne", "/recherche?q=lyon", "/api/v1/communes/42218", "/n-existe-pas", "/api/v1/communes?limit=0" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("X-Forwarded-For", visitorAddress);
            request.Headers.Add("X-Real-IP", visitorAddress);
            await client.SendAsync(request);
        }

        Assert.NotEmpty(app.Logs.Lines);
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(visitorAddress, StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, line => System.Text.RegularExpressions.Regex.IsMatch(line, @"\b(?:127\.0\.0\.1|::1)\b"));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Behind_a_proxy_with_every_log_level_lowered_no_address_or_email_reaches_the_logs(DatabaseProvider provider)
    {
        // What an operator debugging a problem would set: everything at Trace, the proxy trusted, metrics on.
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, new Dictionary<string, string>
        {
            ["ForwardedHeaders:Enabled"] = "true",
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
            ["Metrics:Enabled"] = "true",
            ["Metrics:Token"] = "jeton-de-collecte-0123456789abcdef",
        }, ownsDatabase: false);
        var client = app.CreateBrowserlessClient();
        const string visitorAddress = "203.0.113.78";
        const string email = "camille.journal@example.org";
        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, Dictionary<string, string>? form = null)
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Add("X-Forwarded-For", visitorAddress);
            if (form is not null)
            {
                request.Content = new FormUrlEncodedContent(form);
            }
            return await client.SendAsync(request);
        }

        foreach (var url in new[] { "/communes/42218-saint-etienne", $"/recherche?q={Uri.EscapeDataString(email)}", $"/api/v1/communes?q={Uri.EscapeDataString(email)}", "/n-existe-pas" })
        {
            await SendAsync(HttpMethod.Get, url);
        }
        foreach (var (page, field) in new[] { ("/mot-de-passe-oublie", "Email"), ("/connexion", "Input.Email") })
        {
            var html = await (await SendAsync(HttpMethod.Get, page)).Content.ReadAsStringAsync();
            var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
            Assert.True(token.Success, $"no antiforgery token on {page}");
            var answer = await SendAsync(HttpMethod.Post, page, new()
            {
                [field] = email,
                ["Input.Password"] = "mauvais-mot-de-passe",
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            });
            Assert.True((int)answer.StatusCode < 500, $"{page}: {(int)answer.StatusCode}");
            // A form without its antiforgery token: refused, and the refusal logged without the form.
            await SendAsync(HttpMethod.Post, page, new() { [field] = email });
        }
        await SendAsync(HttpMethod.Get, "/metrics");

        // The levels were lowered indeed: the framework's debug lines are there.
        Assert.Contains(app.Logs.Lines, line => line.StartsWith("Debug Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(visitorAddress, StringComparison.Ordinal));
        var withEmail = app.Logs.Lines.FirstOrDefault(line => line.Contains("camille.journal", StringComparison.OrdinalIgnoreCase));
        Assert.True(withEmail is null, withEmail);
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains("mauvais-mot-de-passe", StringComparison.Ordinal));
        // The proxy's address (loopback) neither; EF Core names the database server (loopback here), no visitor.
        Assert.DoesNotContain(app.Logs.Lines, line => !line.Contains(" Microsoft.EntityFrameworkCore.", StringComparison.Ordinal)
            && System.Text.RegularExpressions.Regex.IsMatch(line, @"\b(?:127\.0\.0\.1|::1)\b"));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Health_endpoint_reports_healthy(DatabaseProvider provider)
    {
        var client = (await apps.GetAsync(provider)).CreateBrowserlessClient();

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Content_security_policy_allows_nothing_from_elsewhere() =>
        Assert.DoesNotContain("http", SecuritySetup.ContentSecurityPolicy);
}
