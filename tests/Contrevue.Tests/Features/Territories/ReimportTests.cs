using Contrevue.Features.Territories.Import;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Territories;

/// <summary>A running app whose territory data is replaced: pages and ETags must follow at once.</summary>
public sealed class ReimportTests
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Cached_pages_and_etags_follow_a_new_import(DatabaseProvider provider)
    {
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider));
        var client = app.CreateBrowserlessClient();
        var before = await client.GetStringAsync("/communes/42218-saint-etienne");
        Assert.Contains("173 136 habitants", HtmlText.Visible(before));
        var etagBefore = (await client.GetAsync("/api/v1/communes/42218")).Headers.ETag;

        using (var scope = app.Services.CreateScope())
        {
            var importer = scope.ServiceProvider.GetRequiredService<TerritoryImporter>();
            var release = await TerritorySource.ReadAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "territories-v2"), default);
            await importer.ImportAsync(release, TerritoryImportOrigin.Directory, force: false, default);
        }

        var after = await client.GetStringAsync("/communes/42218-saint-etienne");
        Assert.Contains("173 500 habitants", HtmlText.Visible(after));
        var etagAfter = (await client.GetAsync("/api/v1/communes/42218")).Headers.ETag;
        Assert.NotEqual(etagBefore, etagAfter);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/communes/13055-marseille")).StatusCode);
    }
}
