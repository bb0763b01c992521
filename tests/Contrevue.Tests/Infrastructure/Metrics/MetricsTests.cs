using System.Net;
using System.Net.Http.Headers;
using Contrevue.Infrastructure.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Contrevue.Tests.Infrastructure.Metrics;

/// <summary>
/// The Prometheus endpoint: absent unless configured; on the site's port only for the holder of the
/// token, 404 for anyone else; on its own port alone there; labels that name no visitor and no raw path.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class MetricsTests(TestApps apps)
{
    private const string Token = "jeton-de-collecte-0123456789abcdef";
    private const string VisitorAddress = "203.0.113.77";
    private const string VisitorEmail = "camille.metrique@example.org";

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Metrics_are_off_by_default(DatabaseProvider provider)
    {
        var client = (await apps.GetAsync(provider)).CreateBrowserlessClient();

        Assert.Equal(HttpStatusCode.NotFound, (await ScrapeAsync(client, "/metrics", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ScrapeAsync(client, "/metrics", Token)).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task With_a_token_the_scraper_gets_requests_by_route_and_jobs_and_anyone_else_a_404(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database,
            new Dictionary<string, string> { ["Metrics:Enabled"] = "true", ["Metrics:Token"] = Token, ["ForwardedHeaders:Enabled"] = "true" },
            ownsDatabase: false);
        var client = app.CreateBrowserlessClient();
        foreach (var url in new[] { "/communes/42218-saint-etienne", $"/recherche?q={Uri.EscapeDataString(VisitorEmail)}", "/api/v1/communes/42218" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("X-Forwarded-For", VisitorAddress);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
        }

        // The jobs' first pass runs at start-up, and a request's duration is recorded once its response has
        // gone: the exporter may answer from a scrape a few hundred ms old, so it is asked until both show.
        var text = "";
        static bool Complete(string text) =>
            text.Contains("contrevue_job_runs_total", StringComparison.Ordinal)
            && System.Text.RegularExpressions.Regex.IsMatch(text, "http_route=\"/?api/v1/communes/\\{insee}\"");
        for (var attempt = 0; attempt < 50 && !Complete(text); attempt++)
        {
            var response = await ScrapeAsync(client, "/metrics", Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            text = await response.Content.ReadAsStringAsync();
            await Task.Delay(100);
        }

        Assert.Contains("http_server_request_duration_seconds_bucket{", text);
        Assert.Contains("http_route=\"communes/{key}\"", text);
        Assert.Contains("http_route=\"recherche\"", text);
        Assert.Matches("http_route=\"/?api/v1/communes/\\{insee}\"", text);
        Assert.Matches("contrevue_job_runs_total\\{[^}]*contrevue_job_name=\"ContributorEmailEraser\"[^}]*contrevue_job_outcome=\"succeeded\"", text);
        Assert.Contains("contrevue_job_duration_seconds_count{", text);
        Assert.Contains("contrevue_mail_outbox_waiting{", text);
        Assert.Contains("dotnet_gc_collections_total", text);
        // Labels are route templates and codes: no visitor, no raw path, no search word.
        Assert.DoesNotContain(VisitorAddress, text);
        Assert.DoesNotContain("example.org", text);
        Assert.DoesNotContain("saint-etienne", text);
        Assert.DoesNotContain("42218", text);
        Assert.DoesNotContain("url_path", text);
        Assert.DoesNotContain("client_address", text);

        Assert.Equal(HttpStatusCode.NotFound, (await ScrapeAsync(client, "/metrics", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ScrapeAsync(client, "/metrics", "jeton-de-collecte-0123456789abcdeX")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ScrapeAsync(client, "/metrics", Token[..^1])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ScrapeAsync(client, $"/metrics?token={Token}", null)).StatusCode);
        using var basic = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Token);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(basic)).StatusCode);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/metrics");
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.NotEqual(HttpStatusCode.OK, (await client.SendAsync(post)).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task On_its_own_port_the_endpoint_answers_there_alone(DatabaseProvider provider)
    {
        const int MetricsPort = 59464;
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database,
            new Dictionary<string, string> { ["Metrics:Enabled"] = "true", ["Metrics:Port"] = MetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ownsDatabase: false);
        // The in-memory server has no sockets: each request says which local port it arrived on.
        async Task<HttpResponse> SendAsync(int port, string path) => (await app.Server.SendAsync(context =>
        {
            context.Request.Method = "GET";
            context.Request.Path = path;
            context.Request.Host = new HostString("127.0.0.1", port);
            context.Connection.LocalPort = port;
            context.Connection.RemoteIpAddress = IPAddress.Loopback;
        })).Response;

        Assert.Equal(200, (await SendAsync(MetricsPort, "/metrics")).StatusCode);
        Assert.Equal(404, (await SendAsync(MetricsPort, "/healthz")).StatusCode);
        Assert.Equal(404, (await SendAsync(MetricsPort, "/communes/42218-saint-etienne")).StatusCode);
        Assert.Equal(404, (await SendAsync(80, "/metrics")).StatusCode);
        Assert.Equal(200, (await SendAsync(80, "/healthz")).StatusCode);
    }

    [Fact]
    public void The_metrics_listener_is_added_to_the_site_addresses_loopback_by_default()
    {
        static IConfiguration Settings(params (string Key, string Value)[] pairs) =>
            new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

        Assert.Equal("http://127.0.0.1:9464", MetricsSetup.OwnUrl(new MetricsSettings { Enabled = true, Port = 9464 }));
        Assert.Equal("http://[::1]:9464", MetricsSetup.OwnUrl(new MetricsSettings { Enabled = true, Port = 9464, Address = "::1" }));
        Assert.Equal(["http://127.0.0.1:8080", "http://[::1]:8080"], MetricsSetup.SiteUrls(Settings(("urls", "http://127.0.0.1:8080; http://[::1]:8080"))));
        Assert.Equal(["http://*:8080"], MetricsSetup.SiteUrls(Settings(("http_ports", "8080"))));
        Assert.Equal(["http://localhost:5000"], MetricsSetup.SiteUrls(Settings()));
    }

    [Fact]
    public void A_configuration_that_would_serve_metrics_to_anyone_is_refused()
    {
        new MetricsSettings().Validate();
        new MetricsSettings { Enabled = true, Port = 9464 }.Validate();
        new MetricsSettings { Enabled = true, Token = Token }.Validate();
        Assert.Throws<InvalidOperationException>(() => new MetricsSettings { Enabled = true }.Validate());
        Assert.Throws<InvalidOperationException>(() => new MetricsSettings { Enabled = true, Token = "court" }.Validate());
        Assert.Throws<InvalidOperationException>(() => new MetricsSettings { Enabled = true, Port = 0 }.Validate());
        Assert.Throws<InvalidOperationException>(() => new MetricsSettings { Enabled = true, Token = Token, Path = "metrics" }.Validate());
    }

    private static async Task<HttpResponseMessage> ScrapeAsync(HttpClient client, string url, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await client.SendAsync(request);
    }
}
