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

    /// <summary>
    /// util-linux's <c>prlimit</c> (Essential on Debian), which runs pdftoppm under the limits below. When it is
    /// missing, PDFs are left without a preview rather than rendered without bounds.
    /// </summary>
    public string PrLimitPath { get; set; } = "/usr/bin/prlimit";

    /// <summary>pdftoppm's address space (RLIMIT_AS): a hostile PDF that asks for more fails instead of eating the server's memory.</summary>
    public long PreviewMemoryBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>pdftoppm's processor time (RLIMIT_CPU), under the wall-clock <see cref="PreviewTimeoutSeconds"/>.</summary>
    public int PreviewCpuSeconds { get; set; } = 8;

    /// <summary>
    /// How often, at most, a resource's cached page is evicted for its download counts (per resource and instance):
    /// the counts a cached page shows are at most this old.
    /// </summary>
    public int DownloadCountRefreshSeconds { get; set; } = 60;

    /// <summary>The longer side of a preview, in pixels.</summary>
    public int PreviewPixels { get; set; } = 480;

    /// <summary>All the files of one version together, as sent (a multipart body); beyond, 413.</summary>
    public long MaxVersionBytes { get; set; } = 60 * 1024 * 1024;
}
