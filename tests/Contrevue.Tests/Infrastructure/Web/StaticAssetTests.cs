using System.Net;

namespace Contrevue.Tests.Infrastructure.Web;

[Collection(AppsCollection.Name)]
public sealed class StaticAssetTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Assets_are_served_whole_with_or_without_compression(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        using var client = app.CreateDefaultClient(app.Server.BaseAddress, []);
        foreach (var (path, type, marker) in new[] { ("/css/site.css", "text/css", "--accent"), ("/js/suggest.js", "text/javascript", "combobox"), ("/img/favicon.svg", "image/svg+xml", "<svg") })
        {
            using var compressed = new HttpRequestMessage(HttpMethod.Get, path);
            compressed.Headers.Add("Accept-Encoding", "gzip, br");
            var response = await client.SendAsync(compressed);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.NotEmpty(body);
            var text = response.Content.Headers.ContentEncoding.Count == 0
                ? System.Text.Encoding.UTF8.GetString(body)
                : await Decompress(body, response.Content.Headers.ContentEncoding.Single());
            Assert.Contains(marker, text);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);

            var plain = await client.GetStringAsync(path);
            Assert.Contains(marker, plain);
        }
    }

    private static async Task<string> Decompress(byte[] body, string encoding)
    {
        await using Stream input = new MemoryStream(body);
        await using Stream decoder = encoding == "br"
            ? new System.IO.Compression.BrotliStream(input, System.IO.Compression.CompressionMode.Decompress)
            : new System.IO.Compression.GZipStream(input, System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(decoder);
        return await reader.ReadToEndAsync();
    }
}
