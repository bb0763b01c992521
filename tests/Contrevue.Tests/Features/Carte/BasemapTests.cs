using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Contrevue.Tests.Features.Carte;

[Collection(AppsCollection.Name)]
public sealed partial class BasemapTests(TestApps apps)
{
    [Fact]
    public async Task A_pmtiles_basemap_is_served_under_a_versioned_name_by_single_byte_ranges_uncompressed_and_cached_for_a_year()
    {
        var tile = Enumerable.Range(0, 3000).Select(i => (byte)(i % 251)).ToArray();
        var archive = PmtilesFile.Build([(0UL, tile)]);
        var path = Path.Combine(Directory.CreateTempSubdirectory("contrevue-fond-").FullName, "france.pmtiles");
        await File.WriteAllBytesAsync(path, archive);
        await using var app = new AppFactory((await apps.GetAsync(DatabaseProvider.Sqlite)).Database,
            new Dictionary<string, string> { ["Carte:BasemapFile"] = path }, ownsDatabase: false);
        var client = app.CreateBrowserlessClient();

        var page = await client.GetStringAsync("/carte");
        var name = FondName().Match(page).Value;
        Assert.NotEmpty(name);

        using var whole = new HttpRequestMessage(HttpMethod.Get, name);
        whole.Headers.AcceptEncoding.ParseAdd("gzip, br");
        var all = await client.SendAsync(whole);
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal(archive, await all.Content.ReadAsByteArrayAsync());
        Assert.Empty(all.Content.Headers.ContentEncoding);
        Assert.Equal("bytes", all.Headers.AcceptRanges.Single());
        Assert.Contains("immutable", all.Headers.CacheControl!.ToString());
        Assert.Equal(TimeSpan.FromDays(365), all.Headers.CacheControl!.MaxAge);

        // What the pmtiles library asks first: the header and root directory, then the tile.
        var head = await RangeAsync(client, name, 0, 126);
        Assert.Equal(HttpStatusCode.PartialContent, head.StatusCode);
        Assert.Equal($"bytes 0-126/{archive.Length}", head.Content.Headers.ContentRange!.ToString());
        Assert.Equal(archive[..127], await head.Content.ReadAsByteArrayAsync());
        var offset = archive.Length - tile.Length;
        var body = await RangeAsync(client, name, offset, archive.Length - 1);
        Assert.Equal(HttpStatusCode.PartialContent, body.StatusCode);
        Assert.Equal(tile, await body.Content.ReadAsByteArrayAsync());
        Assert.Empty(body.Content.Headers.ContentEncoding);

        // Beyond the end: 416 with the size; a stale name: 404.
        var beyond = await RangeAsync(client, name, archive.Length + 10, archive.Length + 20);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.StatusCode);
        Assert.Equal($"bytes */{archive.Length}", beyond.Content.Headers.ContentRange!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/carte/fond-0000000000000000.pmtiles")).StatusCode);

        // A new file, a new name; the old one is gone.
        await File.WriteAllBytesAsync(path, PmtilesFile.Build([(0UL, tile[..100])]));
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(5));
        var renamed = FondName().Match(await client.GetStringAsync("/carte")).Value;
        Assert.NotEqual(name, renamed);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(name)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(renamed)).StatusCode);
    }

    [Fact]
    public async Task Without_a_basemap_file_there_is_no_basemap_to_fetch()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        var page = await app.CreateBrowserlessClient().GetStringAsync("/carte");
        Assert.DoesNotMatch(FondName(), page);
        Assert.DoesNotContain("pmtiles.js", page);
    }

    private static async Task<HttpResponseMessage> RangeAsync(HttpClient client, string path, long from, long to)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Range = new RangeHeaderValue(from, to);
        request.Headers.AcceptEncoding.ParseAdd("gzip, br");
        return await client.SendAsync(request);
    }

    [GeneratedRegex("/carte/fond-[0-9a-f]{16}\\.pmtiles")]
    private static partial Regex FondName();
}
