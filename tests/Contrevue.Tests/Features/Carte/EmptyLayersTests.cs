using System.Net;

namespace Contrevue.Tests.Features.Carte;

[Collection(AppsCollection.Name)]
public sealed class EmptyLayersTests
{
    /// <summary>A new instance, before any dossier or collective: the map and every layer answer, empty.</summary>
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_map_with_no_point_at_all_answers_empty_tiles_and_lists(DatabaseProvider provider)
    {
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider));
        var client = app.CreateBrowserlessClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/carte")).StatusCode);
        foreach (var layer in new[] { "dossiers", "cameras", "collectifs", "evenements" })
        {
            var tile = await client.GetAsync($"/tuiles/{layer}/0/0/0.mvt");
            Assert.Equal(HttpStatusCode.OK, tile.StatusCode);
            Assert.Contains("\"total\":0", await client.GetStringAsync($"/carte/visibles?couche={layer}"));
        }
    }
}
