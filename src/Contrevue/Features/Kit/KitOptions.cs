namespace Contrevue.Features.Kit;

/// <summary>Settings of the <c>Kit</c> section.</summary>
public sealed class KitOptions
{
    public const string Section = "Kit";

    /// <summary>
    /// Poppler's <c>pdftoppm</c> (Debian: poppler-utils), which renders a PDF's first page as its preview.
    /// When it is missing, PDFs have no preview and the pages show a placeholder.
    /// </summary>
    public string PdfToPpmPath { get; set; } = "/usr/bin/pdftoppm";

    /// <summary>A PDF whose first page takes longer is left without a preview (the process is killed).</summary>
    public int PreviewTimeoutSeconds { get; set; } = 10;

    /// <summary>The longer side of a preview, in pixels.</summary>
    public int PreviewPixels { get; set; } = 480;

    /// <summary>All the files of one version together, as sent (a multipart body); beyond, 413.</summary>
    public long MaxVersionBytes { get; set; } = 60 * 1024 * 1024;
}
