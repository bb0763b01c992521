namespace Contrevue.Features.Campaigns.Posters;

/// <summary>
/// The posters' addresses: <c>/campagnes/{slug}/affiches/{code}-a4.pdf</c>, <c>…-a3.pdf</c> and
/// <c>…-carre.png</c> for a commune (INSEE code), and without <c>{code}-</c> for the campaign's own
/// poster ("dans ma ville").
/// </summary>
public static class PosterFiles
{
    public static readonly IReadOnlyList<PosterFormat> Formats = [PosterFormat.A4, PosterFormat.A3, PosterFormat.Square];

    /// <summary>
    /// Upper bounds of the files' sizes, stated next to the links (the tests check them): the PDFs
    /// carry the fonts' subsets, about 50 KB; the PNG is about 135 KB.
    /// </summary>
    public static int MaxKilobytes(PosterFormat format) => format == PosterFormat.Square ? 200 : 80;

    public static string Suffix(PosterFormat format) => format switch
    {
        PosterFormat.A4 => "a4.pdf",
        PosterFormat.A3 => "a3.pdf",
        _ => "carre.png",
    };

    public static string ContentType(PosterFormat format) => format == PosterFormat.Square ? "image/png" : "application/pdf";

    public static string Path(string slug, string? communeCode, PosterFormat format) =>
        $"/campagnes/{Uri.EscapeDataString(slug)}/affiches/{(communeCode is null ? "" : communeCode + "-")}{Suffix(format)}";

    /// <summary>The name a browser saves the file under: "affiche-pas-de-vsa-saint-etienne-a4.pdf".</summary>
    public static string FileName(string? placeName, PosterFormat format) =>
        $"affiche-pas-de-vsa-{(placeName is null ? "dans-ma-ville" : Contrevue.Infrastructure.Text.SearchText.Slug(placeName))}-{Suffix(format)}";

    /// <summary>"42218-a4.pdf" → (42218, A4); "carre.png" → (null, Square). False for anything else.</summary>
    public static bool TryParse(string file, out string? communeCode, out PosterFormat format)
    {
        foreach (var candidate in Formats)
        {
            var suffix = Suffix(candidate);
            if (file == suffix)
            {
                (communeCode, format) = (null, candidate);
                return true;
            }
            if (file.Length > suffix.Length + 1 && file.EndsWith("-" + suffix, StringComparison.Ordinal))
            {
                (communeCode, format) = (file[..^(suffix.Length + 1)], candidate);
                return true;
            }
        }
        (communeCode, format) = (null, default);
        return false;
    }

    /// <summary>The site's address as the poster prints it: host and path, no scheme.</summary>
    public static string PrintedAddress(string siteAddress, string slug) =>
        $"{siteAddress[(siteAddress.IndexOf("://", StringComparison.Ordinal) + 3)..]}/campagnes/{slug}";

    /// <summary>The square image's absolute URL, for og:image; <paramref name="siteAddress"/> comes from <see cref="Infrastructure.Web.SiteAddress"/>.</summary>
    public static string ShareImageUrl(string siteAddress, string slug, string? communeCode) =>
        $"{siteAddress}{Path(slug, communeCode, PosterFormat.Square)}";
}
