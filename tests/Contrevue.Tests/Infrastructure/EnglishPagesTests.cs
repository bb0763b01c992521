using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Contrevue.Tests.Infrastructure;

/// <summary>
/// An English page holds no French sentence that has an English translation: every translated key's
/// French words (its literal parts between placeholders, long enough to be a phrase) are looked for in
/// the visible text of the public pages asked in English.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed partial class EnglishPagesTests(TestApps apps)
{
    private const string Campaign = "/campagnes/pas-de-vsa-dans-ma-ville";

    private static readonly string[] Pages =
    [
        "/", "/recherche?q=saint", "/communes/42218-saint-etienne", "/departements/42-loire", "/regions/84", "/epci/244200770",
        "/observatoire", "/observatoire?technology=vsa", "/observatoire/statistiques", "/observatoire/fournisseurs", "/observatoire/proposer",
        "/campagnes", Campaign, $"{Campaign}?territoire=saint+martin", $"{Campaign}/lettre?territoire=42218", $"{Campaign}/lettre?territoire=Saint-Martin",
        $"{Campaign}/envoi?territoire=42218", $"{Campaign}/reponse?territoire=42218", $"{Campaign}/envois-groupes?departement=90",
        $"{Campaign}/lettres-groupees", $"{Campaign}/tableau", $"{Campaign}/collectivites",
        "/delais", "/delais?procedure=contravention-contest&start=2026-10-15", "/delais?procedure=fine-claim&start=2026-11-30",
        "/procedures/modeles", "/procedures/modeles?modele=contravention-contest", "/proposer/contact?territoire=42218",
        "/connexion", "/mot-de-passe-oublie", "/mes-donnees",
    ];

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task No_english_page_shows_the_french_words_of_a_translated_text(DatabaseProvider provider)
    {
        var phrases = FrenchPhrases();
        Assert.True(phrases.Count > 500, $"only {phrases.Count} phrases read from the resources");
        var client = (await apps.GetAsync(provider)).CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = true });
        var found = new List<string>();
        foreach (var path in Pages)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Accept-Language", "en-GB,en;q=0.9");
            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            var text = Spaces().Replace(HtmlText.Visible(await response.Content.ReadAsStringAsync()), " ");
            found.AddRange(phrases.Where(phrase => text.Contains(phrase, StringComparison.Ordinal)).Select(phrase => $"{path}: « {phrase} »"));
        }
        Assert.True(found.Count == 0, "French left on English pages:\n" + string.Join("\n", found));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Names_made_in_code_speak_the_pages_language(DatabaseProvider provider)
    {
        var client = (await apps.GetAsync(provider)).CreateBrowserlessClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/communes/42218-saint-etienne");
        request.Headers.Add("Accept-Language", "en");
        var english = HtmlText.Visible(await (await client.SendAsync(request)).Content.ReadAsStringAsync());

        Assert.Contains("Write to the mairie of Saint-Étienne", english);
        Assert.DoesNotContain("la mairie de", english);
        Assert.Contains("Écrire à la mairie de Saint-Étienne", HtmlText.Visible(await client.GetStringAsync("/communes/42218-saint-etienne")));
    }

    /// <summary>The literal parts of the translated keys that read as French phrases (three words or more, not the same in English).</summary>
    private static List<string> FrenchPhrases()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Contrevue.slnx")))
        {
            directory = directory.Parent;
        }
        var resx = Path.Combine(directory!.FullName, "src", "Contrevue", "Resources", "SharedResource.en.resx");
        return XDocument.Load(resx).Descendants("data")
            .Select(d => (French: (string)d.Attribute("name")!, English: (string?)d.Element("value") ?? ""))
            .Where(entry => entry.French != entry.English)
            .SelectMany(entry => Placeholders().Split(entry.French)
                .Select(part => Spaces().Replace(part, " ").Trim(' ', ',', '.', ':', ';', '(', ')', '«', '»'))
                .Where(part => part.Split(' ').Length >= 3 && !entry.English.Contains(part, StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    [GeneratedRegex(@"\{[^{}]*\}|\{0, plural,|#")]
    private static partial Regex Placeholders();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
