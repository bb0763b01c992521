using System.Net;
using System.Text.RegularExpressions;
using Contrevue.Features.Campaigns.Posters;
using SkiaSharp;

namespace Contrevue.Tests.Features.Campaigns;

[Collection(AppsCollection.Name)]
public sealed class PosterTests(TestApps apps)
{
    private const string Posters = "/campagnes/pas-de-vsa-dans-ma-ville/affiches";
    private const string LongName = "Saint-Remy-en-Bouzemont-Saint-Genest-et-Isson";

    public static TheoryData<DatabaseProvider, string, string, string> Pdfs()
    {
        var data = new TheoryData<DatabaseProvider, string, string, string>();
        foreach (var provider in TestDatabases.Providers)
        {
            foreach (var (code, name) in new[] { ("42218", "Saint-Étienne"), ("51513", LongName) })
            {
                data.Add(provider, code, name, "A4");
                data.Add(provider, code, name, "A3");
            }
        }
        return data;
    }

    [Theory, MemberData(nameof(Pdfs))]
    public async Task The_pdf_poster_names_the_commune_on_a_page_of_its_size_with_its_fonts_embedded(DatabaseProvider provider, string code, string name, string size)
    {
        var app = await apps.GetAsync(provider);

        var response = await app.CreateBrowserlessClient().GetAsync($"{Posters}/{code}-{size.ToLowerInvariant()}.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("public", response.Headers.CacheControl?.ToString());
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Assert.InRange(pdf.Length, 1, PosterFiles.MaxKilobytes(PosterFormat.A4) * 1024);
        // pdftotext joins a line ending with a hyphen to the next one: compare without hyphens and spaces.
        var text = Squeeze(LetterRenderingTests.PdfToText(pdf));
        Assert.Contains(Squeeze("Pas de VSA"), text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(Squeeze(name), text);
        Assert.Contains("localhost/campagnes/pas-de-vsa-dans-ma-ville", LetterRenderingTests.PdfToText(pdf));
        var info = LetterRenderingTests.PdfInfo(pdf);
        Assert.Matches(new Regex($@"^Page size:.*\({size}\)$", RegexOptions.Multiline), info);
        Assert.Matches(new Regex($@"^Title:\s+Pas de VSA à {Regex.Escape(name)}$", RegexOptions.Multiline), info);
        Assert.DoesNotMatch(new Regex("^Author:", RegexOptions.Multiline), info);
        var fonts = LetterRenderingTests.Run("pdffonts", pdf, "").Split('\n').Skip(2).Where(line => line.Trim().Length > 0).ToList();
        Assert.Contains(fonts, line => line.Contains("Anton", StringComparison.Ordinal));
        Assert.All(fonts, line => Assert.Matches(@"\byes\b", line));
    }

    public static TheoryData<DatabaseProvider, string> Communes()
    {
        var data = new TheoryData<DatabaseProvider, string>();
        foreach (var provider in TestDatabases.Providers)
        {
            data.Add(provider, "42218-carre.png");
            data.Add(provider, "51513-carre.png");
            data.Add(provider, "carre.png");
            // Corsica's codes have a letter, written in either case.
            data.Add(provider, "2a004-carre.png");
        }
        return data;
    }

    [Theory, MemberData(nameof(Communes))]
    public async Task The_square_image_is_1080_pixels_of_black_on_yellow(DatabaseProvider provider, string file)
    {
        var app = await apps.GetAsync(provider);

        var response = await app.CreateBrowserlessClient().GetAsync($"{Posters}/{file}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var png = await response.Content.ReadAsByteArrayAsync();
        Assert.InRange(png.Length, 1, PosterFiles.MaxKilobytes(PosterFormat.Square) * 1024);
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal(1080, bitmap.Width);
        Assert.Equal(1080, bitmap.Height);
        int yellow = 0, black = 0;
        foreach (var pixel in bitmap.Pixels)
        {
            if (pixel.Red > 200 && pixel.Green > 180 && pixel.Blue < 60) yellow++;
            else if (pixel.Red < 60 && pixel.Green < 60 && pixel.Blue < 60) black++;
        }
        var total = (double)bitmap.Width * bitmap.Height;
        Assert.InRange(yellow / total, 0.4, 0.9);
        Assert.InRange(black / total, 0.1, 0.6);
    }

    public static TheoryData<DatabaseProvider, string> Unknown()
    {
        var data = new TheoryData<DatabaseProvider, string>();
        foreach (var provider in TestDatabases.Providers)
        {
            data.Add(provider, $"{Posters}/99999-a4.pdf");
            data.Add(provider, $"{Posters}/abc-carre.png");
            data.Add(provider, $"{Posters}/departement:42-a3.pdf");
            data.Add(provider, $"{Posters}/42218-a5.pdf");
            data.Add(provider, $"{Posters}/-a4.pdf");
            data.Add(provider, "/campagnes/pas-de-campagne/affiches/42218-a4.pdf");
        }
        return data;
    }

    [Theory, MemberData(nameof(Unknown))]
    public async Task An_unknown_commune_campaign_or_format_is_a_French_404(DatabaseProvider provider, string path)
    {
        var app = await apps.GetAsync(provider);

        var response = await app.CreateBrowserlessClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page introuvable", await response.Content.ReadAsStringAsync());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_commune_page_links_to_its_posters_and_shares_the_square_image_from_its_own_origin(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);

        var html = await app.CreateBrowserlessClient().GetStringAsync("/communes/42218-saint-etienne");

        Assert.Contains($"<meta property=\"og:image\" content=\"http://localhost{Posters}/42218-carre.png\">", html);
        Assert.Contains($"<meta name=\"twitter:image\" content=\"http://localhost{Posters}/42218-carre.png\">", html);
        Assert.Contains("<meta name=\"twitter:card\" content=\"summary_large_image\">", html);
        Assert.Contains($"href=\"{Posters}/42218-a4.pdf\"", html);
        Assert.Contains($"href=\"{Posters}/42218-a3.pdf\"", html);
        Assert.Contains("Affiche « Pas de VSA à Saint-Étienne » au format A4 à imprimer (PDF, moins de", html);
        Assert.Contains("(PNG, 1080 × 1080 pixels, moins de", html);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_campaign_page_offers_the_posters_of_the_chosen_commune_or_of_ma_ville(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var client = app.CreateBrowserlessClient();

        var chosen = await client.GetStringAsync("/campagnes/pas-de-vsa-dans-ma-ville?territoire=42218");
        Assert.Contains($"href=\"{Posters}/42218-a3.pdf\"", chosen);
        Assert.Contains($"<meta property=\"og:image\" content=\"http://localhost{Posters}/42218-carre.png\">", chosen);

        var none = await client.GetStringAsync("/campagnes/pas-de-vsa-dans-ma-ville");
        Assert.Contains($"href=\"{Posters}/a4.pdf\"", none);
        Assert.Contains($"<meta property=\"og:image\" content=\"http://localhost{Posters}/carre.png\">", none);

        var unknown = await client.GetAsync("/campagnes/pas-de-vsa-dans-ma-ville?territoire=99999");
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Contains("Aucune commune n'a le code « 99999 »", System.Net.WebUtility.HtmlDecode(await unknown.Content.ReadAsStringAsync()));
    }

    [Fact]
    public void A_poster_is_the_same_file_every_time_and_says_au_for_Le()
    {
        Assert.Equal(("au", "Havre"), PosterService.WithConnector("Le Havre"));
        Assert.Equal(("aux", "Mureaux"), PosterService.WithConnector("Les Mureaux"));
        Assert.Equal(("à", "La Rochelle"), PosterService.WithConnector("La Rochelle"));
        var content = new PosterContent("au", "Havre", "Nous demandons.", "contrevue.example/campagnes/pas-de-vsa-dans-ma-ville");

        Assert.Equal(PosterRenderer.RenderPdf(content, PosterFormat.A4), PosterRenderer.RenderPdf(content, PosterFormat.A4));
        Assert.Equal(PosterRenderer.RenderPng(content), PosterRenderer.RenderPng(content));
    }

    [Fact]
    public void Skia_draws_with_its_own_native_library_and_the_embedded_fonts_only_without_fontconfig()
    {
        var png = PosterRenderer.RenderPng(new PosterContent("à", "Saint-Étienne", "Nous demandons.", "localhost/campagnes/x"));

        Assert.NotEmpty(png);
        if (OperatingSystem.IsLinux())
        {
            var maps = File.ReadAllText("/proc/self/maps");
            Assert.Contains("libSkiaSharp.so", maps);
            Assert.DoesNotContain("libfontconfig", maps);
        }
    }

    [Fact]
    public void Place_names_break_after_their_hyphens_and_spaces()
    {
        Assert.Equal(["Saint-", "Remy-", "en-", "Bouzemont"], PosterRenderer.Tokens("Saint-Remy-en-Bouzemont"));
        Assert.Equal(["La ", "Roche-", "sur-", "Yon"], PosterRenderer.Tokens("La Roche-sur-Yon"));
    }

    private static string Squeeze(string text) => Regex.Replace(text, @"[\s\-‐]+", "");
}
