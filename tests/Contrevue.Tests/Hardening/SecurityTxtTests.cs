using System.Globalization;
using System.Net;

namespace Contrevue.Tests.Hardening;

/// <summary><c>/.well-known/security.txt</c> (RFC 9116): who to tell about a vulnerability, from the configuration only.</summary>
[Collection(AppsCollection.Name)]
public sealed class SecurityTxtTests(TestApps apps)
{
    private const string Path = "/.well-known/security.txt";

    private static Dictionary<string, string> Fields(string body)
    {
        var fields = new Dictionary<string, string>();
        foreach (var line in body.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }
            var colon = trimmed.IndexOf(": ", StringComparison.Ordinal);
            Assert.True(colon > 0, $"not a field: « {trimmed} »");
            Assert.True(fields.TryAdd(trimmed[..colon], trimmed[(colon + 2)..]), $"field twice: {trimmed[..colon]}");
        }
        return fields;
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Without_a_configured_contact_there_is_no_security_txt(DatabaseProvider provider)
    {
        var client = (await apps.GetAsync(provider)).CreateBrowserlessClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Path)).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_configured_contact_is_published_with_an_expiry_and_the_public_address(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        await using var app = new AppFactory(shared.Database, new Dictionary<string, string>()
        {
            ["Security:Contact"] = "mailto:securite@contrevue.example",
            ["Site:PublicUrl"] = "https://contrevue.example",
            ["AllowedHosts"] = "*",
        }, ownsDatabase: false);
        var client = app.CreateBrowserlessClient();

        foreach (var host in new[] { "contrevue.example", "evil.example" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Path);
            request.Headers.Host = host;
            var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("evil.example", body);
            var fields = Fields(body);
            Assert.Equal("mailto:securite@contrevue.example", fields["Contact"]);
            Assert.Equal("fr, en", fields["Preferred-Languages"]);
            Assert.Equal("https://contrevue.example/.well-known/security.txt", fields["Canonical"]);
            // RFC 9116 §2.5.5: required, an RFC 3339 date, less than a year ahead.
            var expires = DateTimeOffset.ParseExact(fields["Expires"], "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            var now = TimeProvider.System.GetUtcNow();
            Assert.InRange(expires, now.AddDays(300), now.AddYears(1));
            Assert.Contains("max-age=", response.Headers.CacheControl?.ToString());
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_bare_address_becomes_a_mailto_and_no_canonical_is_invented(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        await using var app = new AppFactory(shared.Database, new Dictionary<string, string> { ["Security:Contact"] = "securite@contrevue.example" }, ownsDatabase: false);

        var fields = Fields(await app.CreateBrowserlessClient().GetStringAsync(Path));

        Assert.Equal("mailto:securite@contrevue.example", fields["Contact"]);
        Assert.False(fields.ContainsKey("Canonical"));
        Assert.True(fields.ContainsKey("Expires"));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_contact_that_is_not_a_mailto_or_https_address_stops_the_start(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        foreach (var contact in new[] { "http://contrevue.example/securite", "javascript:alert(1)", "n'importe quoi", "mailto:a@b.example\r\nExpires: 2099-01-01T00:00:00Z" })
        {
            await using var app = new AppFactory(shared.Database, new Dictionary<string, string> { ["Security:Contact"] = contact }, ownsDatabase: false);
            var error = Record.Exception(() => app.CreateClient());
            Assert.NotNull(error);
            Assert.Contains("Security:Contact", error.ToString());
        }
    }
}
