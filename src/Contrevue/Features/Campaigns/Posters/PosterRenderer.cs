using Contrevue.Infrastructure.Documents;
using Contrevue.Features.Campaigns.Letters;
using SkiaSharp;

namespace Contrevue.Features.Campaigns.Posters;

public enum PosterFormat
{
    A4,
    A3,
    Square,
}

/// <summary>
/// What a poster says: "PAS DE VSA", the connector ("à", "au", "aux"), the place, the campaign's
/// demand in plain text and the site's address (host and path, no scheme).
/// </summary>
public sealed record PosterContent(string Connector, string Place, string Demand, string Address)
{
    public const string Headline = "PAS DE VSA";

    /// <summary>"Pas de VSA à Saint-Étienne", "Pas de VSA au Havre", "Pas de VSA dans ma ville".</summary>
    public string Title => $"Pas de VSA {Connector} {Place}";
}

/// <summary>
/// Draws the campaign poster with Skia: one drawing routine for the print PDFs (A4, A3, in points,
/// fonts embedded) and the square PNG for social networks (pixels). Only the vendored fonts are
/// used, loaded from the assembly, so neither fontconfig nor system fonts are needed.
/// </summary>
public static class PosterRenderer
{
    public const int SquareSize = 1080;

    // Black on yellow: a contrast ratio of about 14:1, legible from afar and by people with low vision.
    private static readonly SKColor Yellow = new(0xFF, 0xD4, 0x00);
    private static readonly SKColor Black = new(0x11, 0x11, 0x11);

    private static readonly Lazy<SKTypeface> Display = new(() => LoadFont("anton-latin-400-normal.woff"));
    private static readonly Lazy<SKTypeface> Text = new(() => LoadFont("source-serif-4-latin-700-normal.woff"));

    public static (float Width, float Height) PageSize(PosterFormat format) => format switch
    {
        // ISO 216 in PostScript points (1/72 in).
        PosterFormat.A4 => (595.28f, 841.89f),
        PosterFormat.A3 => (841.89f, 1190.55f),
        _ => (SquareSize, SquareSize),
    };

    public static byte[] RenderPdf(PosterContent content, PosterFormat format)
    {
        var (width, height) = PageSize(format);
        using var stream = new MemoryStream();
        // No author and no dates: the file depends on the commune and the campaign only.
        var metadata = new SKDocumentPdfMetadata
        {
            Title = content.Title,
            Subject = content.Demand,
            Creator = "Contrevue",
            Producer = "Contrevue",
            RasterDpi = SKDocumentPdfMetadata.DefaultRasterDpi,
            EncodingQuality = SKDocumentPdfMetadata.DefaultEncodingQuality,
        };
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            var canvas = document.BeginPage(width, height);
            Draw(canvas, width, height, content);
            document.EndPage();
            document.Close();
        }
        return stream.ToArray();
    }

    public static byte[] RenderPng(PosterContent content)
    {
        using var surface = SKSurface.Create(new SKImageInfo(SquareSize, SquareSize, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException("Skia could not create a raster surface.");
        Draw(surface.Canvas, SquareSize, SquareSize, content);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static void Draw(SKCanvas canvas, float width, float height, PosterContent content)
    {
        var square = Math.Abs(width - height) < 1;
        var margin = 0.07f * width;
        var inner = width - 2 * margin;
        canvas.Clear(Yellow);
        using var ink = new SKPaint { Color = Black, IsAntialias = true };
        using var paper = new SKPaint { Color = Yellow, IsAntialias = true };

        // Top: the crossed-out camera with what the campaign is about, then the headline as wide as
        // the page. The square image, seen small, keeps only the camera, beside the headline.
        var y = margin;
        var iconSize = (square ? 0.16f : 0.15f) * width;
        using var headline = Font(Display.Value, 100);
        if (square)
        {
            var headlineWidth = inner - iconSize - 0.05f * width;
            headline.Size = 100 * headlineWidth / headline.MeasureText(PosterContent.Headline);
            var capHeight = headline.Metrics.CapHeight;
            canvas.DrawText(PosterContent.Headline, margin, y + capHeight, SKTextAlign.Left, headline, ink);
            DrawCrossedCamera(canvas, width - margin - iconSize, y + (capHeight - iconSize) / 2, iconSize);
            y += capHeight;
        }
        else
        {
            DrawCrossedCamera(canvas, margin, y, iconSize);
            var kickerLeft = margin + iconSize + 0.04f * width;
            var kicker = Wrap(Words("Campagne citoyenne contre la vidéosurveillance algorithmique"), Text.Value, kickerLeft, width - margin, iconSize, maxSize: 0.038f * width);
            DrawLines(canvas, kicker, kickerLeft, y + (iconSize - kicker.Height) / 2, SKTextAlign.Left, ink);
            y += iconSize + 0.05f * width;
            headline.Size = 100 * inner / headline.MeasureText(PosterContent.Headline);
            var capHeight = headline.Metrics.CapHeight;
            canvas.DrawText(PosterContent.Headline, margin, y + capHeight, SKTextAlign.Left, headline, ink);
            y += capHeight;
        }

        // Bottom: the black band with the address, then the demand above it.
        var footerHeight = (square ? 0.15f : 0.16f) * width;
        var footerTop = height - footerHeight;
        canvas.DrawRect(0, footerTop, width, footerHeight, ink);
        var call = Wrap(Words("Écrivez à votre mairie en deux minutes :"), Text.Value, margin, width - margin, footerHeight * 0.28f, maxSize: 0.035f * width);
        var address = Wrap([content.Address], Display.Value, margin, width - margin, footerHeight * 0.4f, maxSize: 0.06f * width);
        var footerText = call.Height + 0.15f * address.Height + address.Height;
        var footerY = footerTop + (footerHeight - footerText) / 2;
        DrawLines(canvas, call, margin, footerY, SKTextAlign.Left, paper);
        DrawLines(canvas, address, margin, footerY + call.Height + 0.15f * address.Height, SKTextAlign.Left, paper);

        var demandBox = (square ? 0.13f : 0.17f) * height;
        var demand = Wrap(Words(content.Demand), Text.Value, margin, width - margin, demandBox, maxSize: (square ? 0.032f : 0.04f) * width);
        var demandTop = footerTop - 0.05f * width - demand.Height;
        DrawLines(canvas, demand, margin, demandTop, SKTextAlign.Left, ink);
        var ruleHeight = 0.012f * width;
        var ruleTop = demandTop - 0.04f * width - ruleHeight;
        canvas.DrawRect(margin, ruleTop, inner, ruleHeight, ink);

        // The place, after its connector ("à Saint-Étienne"), takes what remains between the headline
        // and the rule, as large as it can be, centred in that space.
        var top = y + 0.04f * width;
        var bottom = ruleTop - 0.04f * width;
        var place = Wrap([content.Connector + " ", .. Tokens(content.Place)], Display.Value, margin, width - margin, bottom - top,
            maxSize: headline.Size * 1.1f, lineSpacing: 1.0f, maxLines: 4);
        DrawLines(canvas, place, margin, top + Math.Max(0, (bottom - top - place.Height) / 2), SKTextAlign.Left, ink);
    }

    /// <summary>A surveillance camera on its arm, in a ring struck through: "no cameras".</summary>
    private static void DrawCrossedCamera(SKCanvas canvas, float left, float top, float size)
    {
        var stroke = size * 0.09f;
        var center = new SKPoint(left + size / 2, top + size / 2);
        var radius = size / 2 - stroke / 2;
        using var ink = new SKPaint { Color = Black, IsAntialias = true, Style = SKPaintStyle.Fill };
        canvas.Save();
        canvas.RotateDegrees(-20, center.X, center.Y);
        var body = SKRect.Create(center.X - size * 0.26f, center.Y - size * 0.12f, size * 0.42f, size * 0.2f);
        canvas.DrawRoundRect(body, size * 0.03f, size * 0.03f, ink);
        using (var builder = new SKPathBuilder())
        {
            builder.MoveTo(body.Right, body.MidY - size * 0.04f);
            builder.LineTo(body.Right + size * 0.1f, body.MidY - size * 0.09f);
            builder.LineTo(body.Right + size * 0.1f, body.MidY + size * 0.09f);
            builder.LineTo(body.Right, body.MidY + size * 0.04f);
            builder.Close();
            using var lens = builder.Detach();
            canvas.DrawPath(lens, ink);
        }
        canvas.DrawRect(SKRect.Create(body.Left + size * 0.08f, body.Bottom, size * 0.05f, size * 0.14f), ink);
        canvas.Restore();
        using var ring = new SKPaint { Color = Black, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = stroke };
        canvas.DrawCircle(center, radius, ring);
        var offset = radius * MathF.Sqrt(0.5f);
        canvas.DrawLine(center.X - offset, center.Y - offset, center.X + offset, center.Y + offset, ring);
    }

    private sealed record Block(SKTypeface Typeface, float Size, float LineHeight, IReadOnlyList<string> Lines)
    {
        public float Height => Lines.Count * LineHeight;
    }

    /// <summary>
    /// Breaks the tokens into lines no wider than the box, at the largest size (down from
    /// <paramref name="maxSize"/>) whose lines fit in the box's height. Tokens are joined as they
    /// come: words carry their trailing space, name parts their hyphen.
    /// </summary>
    private static Block Wrap(IReadOnlyList<string> tokens, SKTypeface typeface, float left, float right, float maxHeight,
        float maxSize, float lineSpacing = 1.15f, int maxLines = int.MaxValue)
    {
        var width = right - left;
        using var font = Font(typeface, maxSize);
        for (var size = maxSize; ; size *= 0.95f)
        {
            font.Size = size;
            var lineHeight = (font.Metrics.Descent - font.Metrics.Ascent) * lineSpacing;
            var lines = new List<string>();
            var current = "";
            var fits = true;
            foreach (var token in tokens)
            {
                if (current.Length > 0 && font.MeasureText((current + token).TrimEnd()) > width)
                {
                    lines.Add(current.TrimEnd());
                    current = "";
                }
                current += token;
                fits &= font.MeasureText(current.TrimEnd()) <= width;
            }
            if (current.Length > 0) lines.Add(current.TrimEnd());
            // Below 4 points the text is unreadable anyway: stop there rather than loop forever.
            if (size < 4 || (fits && lines.Count <= maxLines && lines.Count * lineHeight <= maxHeight))
            {
                return new Block(typeface, size, lineHeight, lines);
            }
        }
    }

    private static void DrawLines(SKCanvas canvas, Block block, float x, float top, SKTextAlign align, SKPaint paint)
    {
        using var font = Font(block.Typeface, block.Size);
        var leading = block.LineHeight - (font.Metrics.Descent - font.Metrics.Ascent);
        for (var i = 0; i < block.Lines.Count; i++)
        {
            canvas.DrawText(block.Lines[i], x, top + i * block.LineHeight + leading / 2 - font.Metrics.Ascent, align, font, paint);
        }
    }

    /// <summary>Words with their trailing space.</summary>
    private static string[] Words(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word => word + " ").ToArray();

    /// <summary>A place name cut after each hyphen and space: "Saint-", "Rémy-", "en-", "Bouzemont".</summary>
    internal static List<string> Tokens(string name)
    {
        var tokens = new List<string>();
        var start = 0;
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] is '-' or ' ')
            {
                tokens.Add(name[start..(i + 1)]);
                start = i + 1;
            }
        }
        if (start < name.Length) tokens.Add(name[start..]);
        return tokens;
    }

    private static SKFont Font(SKTypeface typeface, float size) => new(typeface, size)
    {
        Edging = SKFontEdging.Antialias,
        Subpixel = true,
        // Outlines as drawn, without hinting to a pixel grid that print does not have.
        Hinting = SKFontHinting.None,
    };

    private static SKTypeface LoadFont(string file)
    {
        using var stream = typeof(PosterRenderer).Assembly.GetManifestResourceStream($"Contrevue.Fonts.{file}")
            ?? throw new InvalidOperationException($"The font {file} is not embedded in the assembly.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        // Skia's PDF backend subsets and embeds TrueType/OpenType, not WOFF: unwrap it first.
        using var data = SKData.CreateCopy(WoffFont.ToSfnt(buffer.ToArray()));
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"Skia could not read the font {file}.");
    }
}
