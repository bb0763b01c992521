using System.Net;

namespace Contrevue.Tests.Infrastructure;

[Collection(AppsCollection.Name)]
public sealed class LocalizationTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Pages_are_french_by_default_and_english_when_the_browser_asks(DatabaseProvider provider)
    {
        var client = (await apps.GetAsync(provider)).CreateBrowserlessClient();

        var french = await client.GetStringAsync("/communes/42218-saint-etienne");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/communes/42218-saint-etienne");
        request.Headers.Add("Accept-Language", "en-US,en;q=0.9");
        var english = await (await client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains("<html lang=\"fr\">", french);
        Assert.Contains("173 136 habitants", HtmlText.Visible(french));
        Assert.Contains("<html lang=\"en\">", english);
        Assert.Contains("173,136 inhabitants", HtmlText.Visible(english));
        Assert.Contains("INSEE code", HtmlText.Visible(english));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_sign_in_and_contribution_pages_speak_english_too(DatabaseProvider provider)
    {
        var client = (await apps.GetAsync(provider)).CreateBrowserlessClient();

        foreach (var (path, expected) in new[]
        {
            ("/connexion", "Sign in to the Activists' area"),
            ("/proposer/contact?territoire=42218", "Officer responsible for access to administrative documents (PRADA)"),
            ("/proposer/merci", "It joins the moderation queue"),
            ("/communes/42218-saint-etienne", "No verified contact yet."),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Accept-Language", "en");
            var text = HtmlText.Visible(await (await client.SendAsync(request)).Content.ReadAsStringAsync());

            Assert.Contains(expected, text);
            foreach (var french in new[] { "Proposer", "Adresse", "Mot de passe", "Merci", "Aucun contact" })
            {
                Assert.DoesNotContain(french, text);
            }
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_language_switch_remembers_the_choice_and_returns_to_the_page(DatabaseProvider provider)
    {
        var client = (await apps.GetAsync(provider)).CreateBrowserlessClient();

        var response = await client.GetAsync("/langue/en?retour=%2Fcommunes%2F42218-saint-etienne");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/communes/42218-saint-etienne", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Contains(".AspNetCore.Culture=c%3Den-GB%7Cuic%3Den-GB", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/communes/42218-saint-etienne");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        request.Headers.Add("Accept-Language", "fr-FR");
        Assert.Contains("<html lang=\"en\">", await (await client.SendAsync(request)).Content.ReadAsStringAsync());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_language_switch_never_redirects_to_another_site(DatabaseProvider provider)
    {
        var client = (await apps.GetAsync(provider)).CreateBrowserlessClient();

        foreach (var target in new[] { "https://evil.example/", "//evil.example/", "/\\evil.example", "" })
        {
            var response = await client.GetAsync($"/langue/fr?retour={Uri.EscapeDataString(target)}");
            Assert.Equal("/", response.Headers.Location?.OriginalString);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/langue/de")).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Cached_pages_do_not_mix_languages(DatabaseProvider provider)
    {
        var client = (await apps.GetAsync(provider)).CreateBrowserlessClient();

        for (var i = 0; i < 2; i++)
        {
            using var english = new HttpRequestMessage(HttpMethod.Get, "/departements/42-loire");
            english.Headers.Add("Accept-Language", "en");
            Assert.Contains("<html lang=\"en\">", await (await client.SendAsync(english)).Content.ReadAsStringAsync());
            Assert.Contains("<html lang=\"fr\">", await client.GetStringAsync("/departements/42-loire"));
        }
    }
}
