using System.Diagnostics;
using System.Globalization;
using Contrevue.Infrastructure.Files;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Contrevue.Features.Kit;

/// <summary>
/// The preview image of a kit file, made once when the file is added (then stored as a file of its own,
/// never rendered again): the first page of a PDF through poppler's <c>pdftoppm</c>, a thumbnail of a PNG or
/// JPEG through SkiaSharp. SVG files are their own preview (shown through &lt;img&gt;); others have none.
/// </summary>
public sealed class KitPreviews(IOptions<KitOptions> options, ILogger<KitPreviews> logger)
{
    /// <summary>What pdftoppm may write before its output is ignored: a 480-pixel page is a few hundred KiB.</summary>
    public const long MaxRenderedBytes = 4 * 1024 * 1024;

    /// <summary>A larger image is not decoded for its thumbnail (a decompression bomb costs memory, not bytes).</summary>
    public const long MaxSourcePixels = 60_000_000;

    /// <summary>A PNG, or null when there is none to make or it could not be made.</summary>
    public async Task<byte[]?> RenderAsync(string contentType, byte[] content, CancellationToken cancellationToken)
    {
        if (contentType == FileType.Pdf.ContentType)
        {
            return await PdfFirstPageAsync(content, cancellationToken);
        }
        if (contentType == FileType.Png.ContentType || contentType == FileType.Jpeg.ContentType)
        {
            return Thumbnail(content, options.Value.PreviewPixels);
        }
        return null;
    }

    /// <summary>pdftoppm is only ever run under prlimit: without either, PDFs have no preview.</summary>
    public bool CanRenderPdf => File.Exists(options.Value.PdfToPpmPath) && File.Exists(options.Value.PrLimitPath);

    /// <summary>
    /// The command line: prlimit, its limits (address space, processor time, the size of any file written —
    /// the output PNG included —, no core dump), then pdftoppm asked for the first page only.
    /// </summary>
    public static IReadOnlyList<string> Arguments(KitOptions settings, string input, string outputRoot)
    {
        string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
        return
        [
            "--as=" + Number(settings.PreviewMemoryBytes),
            "--cpu=" + Number(settings.PreviewCpuSeconds),
            "--fsize=" + Number(MaxRenderedBytes),
            "--core=0",
            "--",
            settings.PdfToPpmPath,
            "-png", "-f", "1", "-l", "1", "-singlefile",
            "-scale-to", Number(settings.PreviewPixels),
            input, outputRoot,
        ];
    }

    /// <summary>
    /// The first page only, scaled to fit <see cref="KitOptions.PreviewPixels"/> whatever the page's size, by a
    /// process bounded in memory and processor time (<see cref="Arguments"/>) and killed after
    /// <see cref="KitOptions.PreviewTimeoutSeconds"/>; its output is read only if small. A PDF that hits a limit
    /// is kept without a preview. The PDF is the cleaned one (no JavaScript, no embedded files: <see cref="PdfActiveContent"/>).
    /// Nothing of the file (name, content, author) is logged: only what happened to the process.
    /// </summary>
    private async Task<byte[]?> PdfFirstPageAsync(byte[] pdf, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!CanRenderPdf)
        {
            if (File.Exists(settings.PdfToPpmPath))
            {
                logger.LogWarning("prlimit ({Path}) is missing: PDFs are left without a preview rather than rendered without limits", settings.PrLimitPath);
            }
            return null;
        }
        var folder = Directory.CreateTempSubdirectory("contrevue-kit-");
        try
        {
            var input = Path.Combine(folder.FullName, "document.pdf");
            await File.WriteAllBytesAsync(input, pdf, cancellationToken);
            var outputRoot = Path.Combine(folder.FullName, "page");
            var start = new ProcessStartInfo(settings.PrLimitPath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = folder.FullName,
            };
            foreach (var argument in Arguments(settings, input, outputRoot))
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }
            // Read and dropped: a full pipe would block the process (poppler warns on every odd object).
            var drained = Task.WhenAll(process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, cancellationToken),
                process.StandardError.BaseStream.CopyToAsync(Stream.Null, cancellationToken));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.PreviewTimeoutSeconds));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
                await drained;
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                logger.LogWarning("pdftoppm took more than {Seconds} s: the PDF is left without a preview", settings.PreviewTimeoutSeconds);
                return null;
            }
            var output = new FileInfo(outputRoot + ".png");
            if (process.ExitCode != 0 || !output.Exists || output.Length > MaxRenderedBytes)
            {
                // 128 + a signal: killed at its processor limit (SIGXCPU, SIGKILL) or aborted when refused memory (SIGABRT, SIGSEGV).
                logger.LogWarning("pdftoppm gave no preview (exit code {ExitCode}; over {Megabytes} MiB of memory or {Seconds} s of processor time ends it)",
                    process.ExitCode, settings.PreviewMemoryBytes / (1024 * 1024), settings.PreviewCpuSeconds);
                return null;
            }
            return await File.ReadAllBytesAsync(output.FullName, cancellationToken);
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(exception, "pdftoppm could not be run: the PDF is left without a preview");
            return null;
        }
        finally
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind is the system's to clean.
            }
        }
    }

    /// <summary>A PNG whose longer side is at most <paramref name="pixels"/>; null for an image that cannot be decoded.</summary>
    public static byte[]? Thumbnail(byte[] image, int pixels)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(image));
        if (codec is null || (long)codec.Info.Width * codec.Info.Height > MaxSourcePixels || codec.Info.Width == 0 || codec.Info.Height == 0)
        {
            return null;
        }
        using var bitmap = SKBitmap.Decode(codec);
        if (bitmap is null)
        {
            return null;
        }
        var scale = Math.Min(1d, (double)pixels / Math.Max(bitmap.Width, bitmap.Height));
        var width = Math.Max(1, (int)Math.Round(bitmap.Width * scale));
        var height = Math.Max(1, (int)Math.Round(bitmap.Height * scale));
        using var resized = bitmap.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        if (resized is null)
        {
            return null;
        }
        using var encoded = resized.Encode(SKEncodedImageFormat.Png, 100);
        return encoded?.ToArray();
    }
}
