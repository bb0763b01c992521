using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SkiaSharp;

namespace Contrevue.Tests.Features.Kit;

/// <summary>Real files for the kit's tests, made the way a designer's tools make them, and the API calls that send them.</summary>
public static class KitWorld
{
    public const string PublicUrl = "https://kit.contrevue.test";

    /// <summary>A one-page A4 PDF drawn by Skia: a band of <paramref name="colour"/> over the top half and a line of text.</summary>
    public static byte[] Pdf(SKColor colour, string line)
    {
        using var output = new MemoryStream();
        using (var document = SKDocument.CreatePdf(output))
        {
            var canvas = document.BeginPage(595, 842);
            canvas.Clear(SKColors.White);
            using var paint = new SKPaint { Color = colour };
            canvas.DrawRect(0, 0, 595, 421, paint);
            using var font = new SKFont(SKTypeface.Default, 24);
            using var ink = new SKPaint { Color = SKColors.Black };
            canvas.DrawText(line, 40, 600, SKTextAlign.Left, font, ink);
            document.EndPage();
            document.Close();
        }
        return output.ToArray();
    }

    public static byte[] Png(int width, int height, SKColor colour)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(colour);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>An SVG with a script that would change the page's title, an onload handler, and Inkscape-like metadata naming its author.</summary>
    public static byte[] HostileSvg() => Encoding.UTF8.GetBytes("""
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- dessiné par Camille Martin -->
        <svg xmlns="http://www.w3.org/2000/svg" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
             width="200" height="100" viewBox="0 0 200 100" sodipodi:docname="/home/camille.martin/affiche.svg" onload="document.title='svg-onload'">
          <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">Camille Martin</dc:creator></rdf:RDF></metadata>
          <script>document.title = 'svg-script'; fetch('/kit?ran=svg-script');</script>
          <rect width="200" height="100" fill="#ffd400"/>
          <text x="10" y="60" font-size="30">Pas de VSA</text>
        </svg>
        """);

    public static object Resource(string title = "Brochure « Pas de VSA dans ma ville »", string kind = "brochure", int? collective = null) => new
    {
        kind,
        title,
        description = "La brochure de la campagne : **ce qu'est la VSA**, où elle est déployée, comment agir.",
        language = "fr",
        collective,
        formats = new[] { "A4", "A5" },
        tags = new[] { "vsa", "brochure" },
    };

    public static async Task<JsonElement> CreateAsync(HttpClient client, object resource)
    {
        var response = await client.PostAsJsonAsync("/api/v1/kit", resource);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public static async Task<HttpResponseMessage> AddVersionAsync(HttpClient client, int id, string changelog, params (byte[] Content, string Name)[] files)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(changelog), "changelog");
        foreach (var (content, name) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse("application/octet-stream");
            form.Add(part, "files", name);
        }
        return await client.PostAsync($"/api/v1/kit/{id}/versions", form);
    }

    public static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return body;
    }

    /// <summary>The path of an absolute URL of the API, which must start with the configured public address.</summary>
    public static string PathOf(string url)
    {
        Assert.StartsWith(PublicUrl + "/", url, StringComparison.Ordinal);
        return url[PublicUrl.Length..];
    }
}
