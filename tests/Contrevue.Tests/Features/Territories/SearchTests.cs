using Contrevue.Infrastructure.Text;
using System.Net;
using System.Text.RegularExpressions;
using Contrevue.Features.Territories.Search;

namespace Contrevue.Tests.Features.Territories;

public sealed class SearchTextTests
{
    [Theory]
    [InlineData("Saint-Étienne", "saint etienne")]
    [InlineData("st etienne", "saint etienne")]
    [InlineData("ST-ÉTIENNE", "saint etienne")]
    [InlineData("St. Étienne", "saint etienne")]
    [InlineData("Ste-Foy-lès-Lyon", "sainte foy les lyon")]
    [InlineData("L'Haÿ-les-Roses", "l hay les roses")]
    [InlineData("L’Haÿ-les-Roses", "l hay les roses")]
    [InlineData("Œuilly", "oeuilly")]
    [InlineData("  Saint   Denis  ", "saint denis")]
    [InlineData("Bastia!", "bastia")]
    [InlineData("", "")]
    [InlineData("'-'", "")]
    public void Normalize_ignores_case_accents_and_separators_and_reads_st_as_saint(string input, string expected) =>
        Assert.Equal(expected, SearchText.Normalize(input));

    [Theory]
    [InlineData("Saint-Étienne", "saint-etienne")]
    [InlineData("L'Haÿ-les-Roses", "l-hay-les-roses")]
    [InlineData("Paris 1er Arrondissement", "paris-1er-arrondissement")]
    public void Slug_is_lower_ascii_words_joined_by_hyphens(string name, string slug) =>
        Assert.Equal(slug, SearchText.Slug(name));
}

[Collection(AppsCollection.Name)]
public sealed partial class SearchTests(TestApps apps)
{
    private async Task<List<string>> CommuneCodesFoundAsync(DatabaseProvider provider, string query)
    {
        var client = (await apps.GetAsync(provider)).CreateBrowserlessClient();
        var html = await client.GetStringAsync($"/recherche?q={Uri.EscapeDataString(query)}");
        var communes = html.Contains("id=\"resultats-communes\"", StringComparison.Ordinal)
            ? html[html.IndexOf("id=\"resultats-communes\"", StringComparison.Ordinal)..]
            : "";
        var end = communes.IndexOf("</ol>", StringComparison.Ordinal);
        return [.. CommuneLink().Matches(end < 0 ? "" : communes[..end]).Select(m => m.Groups[1].Value)];
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task St_etienne_finds_saint_etienne_first(DatabaseProvider provider)
    {
        foreach (var query in new[] { "st etienne", "Saint-Étienne", "SAINT ETIENNE", "saint-etienne", "St-Étienne", "saintetienne" })
        {
            var codes = await CommuneCodesFoundAsync(provider, query);
            Assert.True(codes.Count > 1, query);
            Assert.Equal("42218", codes[0]);
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Postal_code_finds_its_communes(DatabaseProvider provider)
    {
        Assert.Equal(["42218"], await CommuneCodesFoundAsync(provider, "42000"));
        var paris = await CommuneCodesFoundAsync(provider, "75001");
        Assert.Equal(["75056", "75101"], paris.Where(code => code.StartsWith("75", StringComparison.Ordinal))); // the city before its arrondissement
        // 69001 is both Affoux's INSEE code and a postal code of Lyon: the INSEE code comes first.
        Assert.Equal(["69001", "69123", "69381"], await CommuneCodesFoundAsync(provider, "69001"));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Insee_and_former_codes_find_the_current_commune(DatabaseProvider provider)
    {
        Assert.Equal("42218", (await CommuneCodesFoundAsync(provider, "42218"))[0]);
        Assert.Equal("42218", (await CommuneCodesFoundAsync(provider, "42190"))[0]);
        Assert.Equal("2A004", (await CommuneCodesFoundAsync(provider, "2a004"))[0]);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Apostrophes_and_hyphens_can_be_typed_or_left_out(DatabaseProvider provider)
    {
        foreach (var query in new[] { "L'Haÿ-les-Roses", "l hay les roses", "lhay les roses", "L’HAY LES ROSES" })
        {
            Assert.Equal("94038", (await CommuneCodesFoundAsync(provider, query))[0]);
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Larger_communes_come_first_among_equally_good_matches(DatabaseProvider provider)
    {
        var codes = await CommuneCodesFoundAsync(provider, "saint-denis");

        Assert.Equal(["97411", "93066"], codes.Take(2));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Former_commune_names_find_the_commune_they_belong_to(DatabaseProvider provider)
    {
        Assert.Contains("42218", await CommuneCodesFoundAsync(provider, "Rochetaillée"));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Search_also_finds_departements_and_epci(DatabaseProvider provider)
    {
        var client = (await apps.GetAsync(provider)).CreateBrowserlessClient();

        var loire = await client.GetStringAsync("/recherche?q=loire");
        Assert.Contains("href=\"/departements/42-loire\"", loire);
        var epci = await client.GetStringAsync("/recherche?q=saint+etienne+metropole");
        Assert.Contains("href=\"/epci/244200770-saint-etienne-metropole\"", epci);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Empty_unknown_and_oversized_queries_get_a_helpful_page(DatabaseProvider provider)
    {
        var client = (await apps.GetAsync(provider)).CreateBrowserlessClient();

        var empty = HtmlText.Visible(await client.GetStringAsync("/recherche"));
        Assert.Contains("Tapez le nom d'une commune", empty);
        var none = HtmlText.Visible(await client.GetStringAsync("/recherche?q=xqzwv"));
        Assert.Contains("Aucun résultat pour « xqzwv »", none);
        var punctuation = await client.GetAsync("/recherche?q=%27%22%3C%3E");
        Assert.Equal(HttpStatusCode.OK, punctuation.StatusCode);
        var longQuery = await client.GetAsync("/recherche?q=" + new string('a', 5000));
        Assert.Equal(HttpStatusCode.OK, longQuery.StatusCode);
        Assert.Contains("trop longue", HtmlText.Visible(await longQuery.Content.ReadAsStringAsync()));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Query_is_echoed_encoded_never_as_markup(DatabaseProvider provider)
    {
        var client = (await apps.GetAsync(provider)).CreateBrowserlessClient();

        var html = await client.GetStringAsync("/recherche?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");

        Assert.DoesNotContain("<script>alert(1)</script>", html);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Suggestions_return_links_to_the_best_matches(DatabaseProvider provider)
    {
        var client = (await apps.GetAsync(provider)).CreateBrowserlessClient();

        var suggestions = await client.GetStringAsync("/recherche/suggestions?q=st%20eti");

        Assert.StartsWith("[{\"label\":\"Saint-Étienne\"", suggestions);
        Assert.Contains("\"url\":\"/communes/42218-saint-etienne\"", suggestions);
        Assert.Equal("[]", await client.GetStringAsync("/recherche/suggestions?q="));
    }

    [GeneratedRegex("<a href=\"/communes/([0-9AB]{5})-[^\"]*\">")]
    private static partial Regex CommuneLink();
}
