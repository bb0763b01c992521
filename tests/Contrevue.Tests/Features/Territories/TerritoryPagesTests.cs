using System.Net;
using Contrevue.Tests.Infrastructure;

namespace Contrevue.Tests.Features.Territories;

[Collection(AppsCollection.Name)]
public sealed class TerritoryPagesTests(TestApps apps)
{
    private async Task<HttpClient> ClientAsync(DatabaseProvider provider) => (await apps.GetAsync(provider)).CreateBrowserlessClient();

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Bare_insee_code_redirects_permanently_to_the_canonical_url(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        var response = await client.GetAsync("/communes/42218");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/communes/42218-saint-etienne", response.Headers.Location?.OriginalString);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Wrong_slug_redirects_permanently_to_the_canonical_url(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        var response = await client.GetAsync("/communes/42218-saint-etienne-du-bois");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/communes/42218-saint-etienne", response.Headers.Location?.OriginalString);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Commune_page_shows_name_departement_region_and_french_population(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        var response = await client.GetAsync("/communes/42218-saint-etienne");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Saint-Étienne</h1>", html);
        var text = HtmlText.Visible(html);
        Assert.Contains("Loire", text);
        Assert.Contains("Auvergne-Rhône-Alpes", text);
        Assert.Contains("173 136 habitants", text);
        Assert.Matches("173(?:\u202F|\u00A0|&#x202F;|&#xA0;|&nbsp;)136", html); // French digit grouping: a no-break space, never a comma
        Assert.Contains("Saint-Étienne Métropole", text);
        Assert.Contains("42000", text);
        Assert.Contains("Rochetaillée", text);
        Assert.Contains("href=\"/departements/42-loire\"", html);
        Assert.Contains("<html lang=\"fr\">", html);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Commune_associee_and_former_codes_redirect_to_the_current_commune(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        foreach (var code in new[] { "42190", "42292", "42309", "42190-rochetaillee" })
        {
            var response = await client.GetAsync($"/communes/{code}");
            Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
            Assert.Equal("/communes/42218-saint-etienne", response.Headers.Location?.OriginalString);
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Deleguee_sharing_the_code_of_its_commune_nouvelle_shows_the_current_commune(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        var redirect = await client.GetAsync("/communes/93066");
        Assert.Equal("/communes/93066-saint-denis", redirect.Headers.Location?.OriginalString);
        var page = await client.GetAsync("/communes/93066-saint-denis");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var text = HtmlText.Visible(await page.Content.ReadAsStringAsync());
        Assert.Contains("Seine-Saint-Denis", text);
        Assert.Contains("93059", text); // Pierrefitte-sur-Seine, merged in 2025
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Former_commune_split_between_two_communes_lists_both(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        var response = await client.GetAsync("/communes/55273");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("/communes/55245-", html);
        Assert.Contains("/communes/55386-", html);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Unknown_commune_is_a_french_404_page_with_the_search_box(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        foreach (var url in new[] { "/communes/99999", "/communes/abc", "/departements/999-nulle-part", "/regions/99", "/epci/000000000", "/page-qui-n-existe-pas" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("Page introuvable", html);
            Assert.Contains("action=\"/recherche\"", html);
            Assert.Contains("text/html", response.Content.Headers.ContentType?.ToString());
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Municipal_arrondissement_has_its_page_linked_to_its_city(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        var redirect = await client.GetAsync("/communes/75101");
        Assert.Equal("/communes/75101-paris-1er-arrondissement", redirect.Headers.Location?.OriginalString);
        var html = await (await client.GetAsync("/communes/75101-paris-1er-arrondissement")).Content.ReadAsStringAsync();
        Assert.Contains("Arrondissement municipal de", HtmlText.Visible(html));
        Assert.Contains("href=\"/communes/75056-paris\"", html);

        var paris = await (await client.GetAsync("/communes/75056-paris")).Content.ReadAsStringAsync();
        for (var n = 1; n <= 20; n++)
        {
            Assert.Contains($"href=\"/communes/751{n:00}-", paris);
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Departement_page_lists_its_communes_paged_and_sortable(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        var byPopulation = HtmlText.Visible(await client.GetStringAsync("/departements/42-loire?tri=population"));
        Assert.Contains("Loire", byPopulation);
        var firstRows = byPopulation[byPopulation.IndexOf("Population", StringComparison.Ordinal)..];
        Assert.True(firstRows.IndexOf("Saint-Étienne", StringComparison.Ordinal) < firstRows.IndexOf("Roanne", StringComparison.Ordinal));
        Assert.Contains("Page 1 sur", byPopulation);

        var byName = await client.GetStringAsync("/departements/42-loire");
        Assert.Contains("aria-sort=\"ascending\"", byName);
        var names = System.Text.RegularExpressions.Regex.Matches(byName, "<td><a href=\"/communes/[^\"]+\">([^<]+)</a></td>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(50, names.Count);
        Assert.Equal(names.OrderBy(n => Contrevue.Infrastructure.Text.SearchText.Normalize(n), StringComparer.Ordinal), names);

        var page2 = await client.GetStringAsync("/departements/42-loire?tri=nom&page=2");
        Assert.Contains("Page 2 sur", HtmlText.Visible(page2));
        Assert.Contains("rel=\"prev\"", page2);

        // Out-of-range or nonsensical paging and sorting never fail.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/departements/42-loire?page=99999&tri=n%27importe")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/departements/42-loire?page=-3")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/departements/42-loire?page=abc")).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Departement_region_and_epci_urls_are_canonicalised(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        Assert.Equal("/departements/2A-corse-du-sud", (await client.GetAsync("/departements/2a")).Headers.Location?.OriginalString);
        Assert.Equal("/departements/42-loire", (await client.GetAsync("/departements/42")).Headers.Location?.OriginalString);
        Assert.Equal("/regions/84-auvergne-rhone-alpes", (await client.GetAsync("/regions/84")).Headers.Location?.OriginalString);
        var epci = await client.GetAsync("/epci/244200770");
        Assert.Equal(HttpStatusCode.MovedPermanently, epci.StatusCode);
        var epciPage = HtmlText.Visible(await client.GetStringAsync(epci.Headers.Location!.OriginalString));
        Assert.Contains("Saint-Étienne Métropole", epciPage);
        Assert.Contains("Métropole", epciPage);
        Assert.Contains("Firminy", epciPage);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Region_page_lists_its_departements_and_communes(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        var html = await client.GetStringAsync("/regions/84-auvergne-rhone-alpes?tri=population");

        Assert.Contains("href=\"/departements/42-loire\"", html);
        Assert.Contains("href=\"/departements/69-rhone\"", html);
        Assert.Contains("href=\"/communes/69123-lyon\"", html);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Home_page_has_the_search_box_and_a_map_linking_every_departement_to_its_dossiers(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        var html = await client.GetStringAsync("/");

        Assert.Contains("<form class=\"search-box\" action=\"/recherche\" method=\"get\"", html);
        Assert.Contains("<svg", html);
        foreach (var code in new[] { "01", "2A", "2B", "42", "75", "95" })
        {
            // The home map is coloured by the observatoire's dossiers: each département leads to its dossiers.
            Assert.Matches($"<a href=\"/observatoire\\?departement={code}\"[^>]*>\\s*<path", html);
        }
        // Overseas départements are not drawn on the base map but listed beside it.
        foreach (var code in new[] { "971", "972", "973", "974", "976" })
        {
            Assert.Contains($"href=\"/observatoire?departement={code}\"", html);
        }
        Assert.Contains("class=\"map-legend\"", html);
        Assert.Contains("CC BY 4.0", html);
        Assert.Contains("34 969", HtmlText.Visible(html));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Lists_of_departements_and_regions_include_overseas(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        var departements = await client.GetStringAsync("/departements");
        Assert.Contains("href=\"/departements/974-la-reunion\"", departements);
        Assert.Contains("href=\"/departements/2B-haute-corse\"", departements);
        var regions = await client.GetStringAsync("/regions");
        Assert.Contains("href=\"/regions/04-la-reunion\"", regions);
    }
}
