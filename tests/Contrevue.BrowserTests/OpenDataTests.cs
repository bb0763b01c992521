using Contrevue.BrowserTests.Infrastructure;
using Contrevue.Features.Observatoire;
using Contrevue.Features.OpenData;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.BrowserTests;

/// <summary>
/// The GeoJSON the app writes, read by an independent validator: Mapbox's geojsonhint (RFC 7946: objects, positions,
/// ring winding; the crs member, which it no longer reports, checked beside it), injected into a page of the app from the test's
/// node_modules (never a CDN) and fetching the documents from the same origin.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OpenDataTests(BrowserFixture fixture)
{
    private static string GeoJsonHintScriptPath { get; } =
        Path.Combine(Prerequisites.ProjectDirectory, "node_modules", "@mapbox", "geojsonhint", "geojsonhint.js");

    /// <summary>Fetches a document and returns geojsonhint's messages (none when valid), or why it could not be read.</summary>
    private const string Hint = """
        async path => {
          const response = await fetch(path);
          if (!response.ok) { return ['HTTP ' + response.status]; }
          const text = await response.text();
          const parsed = JSON.parse(text);
          if (parsed.type !== 'FeatureCollection' || parsed.features.length === 0) { return ['no feature']; }
          const messages = geojsonhint.hint(text, { precisionWarning: false }).map(e => (e.line ? e.line + ': ' : '') + e.message);
          // geojsonhint 3 no longer reports a crs member, which RFC 7946 removed: checked here.
          if ('crs' in parsed) { messages.push('crs member'); }
          return messages;
        }
        """;

    private async Task SeedAsync()
    {
        using var scope = fixture.Services.CreateScope();
        var dossiers = scope.ServiceProvider.GetRequiredService<DossierService>();
        foreach (var (title, latitude, longitude, commune) in new[]
        {
            ("Caméras algorithmiques place Jean-Jaurès", (double?)45.4397, (double?)4.3872, "42218"),
            ("Drones au-dessus de la manifestation", null, null, "42218"),
            ("Lecture de plaques en Guadeloupe", (double?)16.2411, (double?)-61.5331, "97101"),
        })
        {
            var change = await dossiers.CreateAsync(new DossierDocument
            {
                Title = $"{title} {Guid.NewGuid():N}"[..(title.Length + 9)],
                Authority = new AuthorityDocument("commune", commune, null),
                Technologies = ["vsa"],
                Status = "deployed",
                StatusSince = "2024-06-01",
                Location = latitude is null ? null : new LocationDocument(latitude, longitude),
                Sources = [new SourceDocument { Kind = "article", Title = "Article", Url = "https://example.org/article", Confidence = "established" }],
            }, "browser-tests", default);
            Assert.IsType<DossierChange.Saved>(change);
        }
        await scope.ServiceProvider.GetRequiredService<OpenDataDumper>().DumpAsync(default);
    }

    [Fact]
    public async Task The_api_and_the_dumps_are_valid_geojson_for_geojsonhint()
    {
        Assert.True(File.Exists(GeoJsonHintScriptPath), $"geojsonhint is missing ({GeoJsonHintScriptPath}): npm ci --prefix tests/Contrevue.BrowserTests");
        await SeedAsync();

        await using var watched = await fixture.OpenAsync();
        var page = watched.Page;
        await page.GotoAsync("/donnees");
        await page.EvaluateAsync(File.ReadAllText(GeoJsonHintScriptPath));
        foreach (var path in new[] { "/api/v1/dossiers.geojson", "/api/v1/dossiers.geojson?departement=42&limit=1", "/donnees/dossiers.geojson", "/carte/departements.geojson" })
        {
            var messages = await page.EvaluateAsync<string[]>(Hint, path);
            Assert.True(messages.Length == 0, $"{path}: {string.Join(" | ", messages)}");
        }

        // Documents geojsonhint must refuse, so that the silence above means something: a clockwise ring, a position without its latitude.
        var refused = await page.EvaluateAsync<string[]>("""
            () => geojsonhint.hint(JSON.stringify({ type: 'FeatureCollection',
              features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]] } },
                         { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [4.38] } }] }))
              .map(e => e.message)
            """);
        Assert.Contains(refused, m => m.Contains("right-hand rule", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(refused, m => m.Contains("position must have 2 or more elements", StringComparison.Ordinal));

        // Longitude first: the Saint-Étienne dossier's point is [4.3872, 45.4397], not the other way round.
        var first = await page.EvaluateAsync<double[]>("""
            async () => (await (await fetch('/api/v1/dossiers.geojson?departement=42')).json()).features
              .find(f => f.properties.title.startsWith('Caméras algorithmiques')).geometry.coordinates
            """);
        Assert.Equal([4.3872, 45.4397], first);
        watched.AssertNoRequestLeftTheOrigin();
    }

    [Fact]
    public async Task The_open_data_page_lists_the_files_and_is_accessible()
    {
        await SeedAsync();
        await using var watched = await fixture.OpenAsync();
        var response = await watched.Page.GotoAsync("/donnees");
        Assert.Equal(200, response!.Status);
        Assert.Contains("Pourquoi l'ODbL plutôt que la Licence Ouverte 2.0", await watched.Page.InnerTextAsync("main"));
        var download = await watched.Page.EvaluateAsync<int>("async () => (await fetch(document.querySelector('a[href=\"/donnees/dossiers.geojson\"]').href)).status");
        Assert.Equal(200, download);

        var results = await Axe.RunAsync(watched.Page);
        Assert.True(results.PassedRules > 0, "axe checked nothing on /donnees.");
        var blocking = results.Violations.Where(violation => violation.IsSeriousOrCritical).ToList();
        Assert.True(blocking.Count == 0, $"axe found on /donnees:\n{Axe.Describe(blocking)}");
        watched.AssertNoBrowserErrors();
        watched.AssertNoRequestLeftTheOrigin();
    }

    /// <summary>Helper A's cameras endpoint (branch osm): fails until it is merged, then holds it to the same validator.</summary>
    [Fact]
    public async Task The_osm_cameras_geojson_is_valid_for_geojsonhint()
    {
        await using var watched = await fixture.OpenAsync();
        var page = watched.Page;
        await page.GotoAsync("/donnees");
        await page.EvaluateAsync(File.ReadAllText(GeoJsonHintScriptPath));
        var text = await page.EvaluateAsync<string>("async () => { const r = await fetch('/api/v1/osm/cameras.geojson?territory=departement:42'); return r.status + ' ' + await r.text(); }");
        Assert.StartsWith("200 ", text);
        var messages = await page.EvaluateAsync<string[]>(
            "text => geojsonhint.hint(text, { precisionWarning: false }).map(e => e.message)", text[4..]);
        Assert.True(messages.Length == 0, string.Join(" | ", messages));
        Assert.DoesNotContain("\"crs\"", text);
    }
}
