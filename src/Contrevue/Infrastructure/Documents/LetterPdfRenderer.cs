using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Contrevue.Infrastructure.Documents;

/// <summary>How a letter was laid out: its pages and, for each, the lines drawn on it (tests and callers read them).</summary>
public sealed record LetterLayout(double FontSize, IReadOnlyList<IReadOnlyList<string>> Pages)
{
    public int PageCount => Pages.Count;
}

/// <summary>
/// Lays a letter out on A4 pages the French way: sender top left, addressee in the window of a
/// right-window envelope, place and date on the right, « Objet : », then the body, closing and
/// signature. A letter that can fit on one page does: the standard layout first, then two tighter
/// ones (less space between blocks, then a smaller type, never under 10 points). One that cannot
/// runs onto more pages in the standard layout (not numbered: a folio would cut the text a reader
/// copies from the PDF), with widow and orphan control: no
/// paragraph leaves a single line at the foot or the head of a page, and the closing formula and the
/// signature never go alone: the last body paragraph (or its last lines, when it is long) goes with them.
/// </summary>
public static class LetterPdfRenderer
{
    public const string DocumentTitle = "Lettre — Pas de VSA dans ma ville";

    public const string RegisteredMention = "Lettre recommandée avec accusé de réception";

    /// <summary>A last body paragraph up to this many lines goes whole to the page of the signature.</summary>
    private const int WholeLastParagraphLines = 6;

    private static double Mm(double millimetres) => XUnit.FromMillimeter(millimetres).Point;

    /// <summary>One way to set the page: type, leading, margins and the space between blocks (in lines).</summary>
    private sealed record Style(
        double FontSize, double Leading, double Side, double Top, double Bottom, double AddresseeTop,
        double AfterHeader, double AfterDate, double AfterSubject, double BetweenParagraphs, double BeforeSignature)
    {
        public double LineHeight => FontSize * Leading;
    }

    // The window of a DL envelope (110 × 220 mm, window 45 × 100 mm on the right) shows the block that
    // starts 100 mm from the sheet's left edge and 45 mm from its top, once folded in three.
    private static readonly double AddresseeLeft = Mm(100);

    // Between the closing formula and the name, at least a centimetre for the handwritten signature.
    private static readonly Style Standard = new(11, 1.25, Mm(25), Mm(18), Mm(18), Mm(45),
        AfterHeader: 1.2, AfterDate: 1.2, AfterSubject: 1, BetweenParagraphs: 0.5, BeforeSignature: 2.5);
    private static readonly Style Compact = new(10.5, 1.22, Mm(22), Mm(15), Mm(15), Mm(45),
        AfterHeader: 1, AfterDate: 1, AfterSubject: 0.8, BetweenParagraphs: 0.4, BeforeSignature: 2.4);
    private static readonly Style Tight = new(10, 1.18, Mm(20), Mm(12), Mm(14), Mm(45),
        AfterHeader: 0.8, AfterDate: 0.8, AfterSubject: 0.6, BetweenParagraphs: 0.35, BeforeSignature: 2.4);

    public static byte[] Render(Letter letter, bool registered) => RenderWithLayout(letter, registered).Pdf;

    public static (byte[] Pdf, LetterLayout Layout) RenderWithLayout(Letter letter, bool registered)
    {
        ArgumentNullException.ThrowIfNull(letter);
        LetterFontResolver.EnsureRegistered();

        // The composer puts the mention in the letter for the registered variant; the flag makes sure
        // a registered letter carries one even when the composed letter left it out.
        var mention = letter.Mention ?? (registered ? RegisteredMention : null);
        var pageSize = new XSize(XUnit.FromMillimeter(210).Point, XUnit.FromMillimeter(297).Point);
        Laid? laid = null;
        using (var measure = XGraphics.CreateMeasureContext(pageSize, XGraphicsUnit.Point, XPageDirection.Downwards))
        {
            foreach (var style in new[] { Standard, Compact, Tight })
            {
                laid = Lay(letter, mention, style, measure, pageSize);
                if (laid.Pages.Count == 1) break;
            }
            if (laid!.Pages.Count > 1) laid = Lay(letter, mention, Standard, measure, pageSize);
        }

        using var document = new PdfDocument();
        // Title only: no author, subject or keywords that could name the sender.
        document.Info.Title = DocumentTitle;
        document.Options.CompressContentStreams = true;
        var fonts = new Fonts(laid.Style.FontSize);
        foreach (var lines in laid.Pages)
        {
            var page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            using var graphics = XGraphics.FromPdfPage(page);
            foreach (var line in lines)
            {
                var font = line.Bold ? fonts.Bold : fonts.Regular;
                var x = line.AlignRight ? line.Right - graphics.MeasureString(line.Text, font).Width : line.Left;
                graphics.DrawString(line.Text, font, XBrushes.Black, x, line.Y, XStringFormats.TopLeft);
            }
        }
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        var layout = new LetterLayout(laid.Style.FontSize, laid.Pages.Select(p => (IReadOnlyList<string>)p.Select(l => l.Text).ToList()).ToList());
        return (output.ToArray(), layout);
    }

    private sealed class Fonts(double size)
    {
        // Unicode encoding rather than WinAnsi: names and narrow no-break spaces outside Windows-1252
        // still come out, and copy-paste from the PDF gives the exact text back.
        private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
        public XFont Regular { get; } = new(LetterFontResolver.FamilyName, size, XFontStyleEx.Regular, Unicode);
        public XFont Bold { get; } = new(LetterFontResolver.FamilyName, size, XFontStyleEx.Bold, Unicode);
    }

    /// <summary>A line placed on a page.</summary>
    private sealed record Placed(string Text, bool Bold, double Left, double Right, bool AlignRight, double Y);

    private sealed record Laid(Style Style, List<List<Placed>> Pages);

    /// <summary>A line of the flow, before it is given a page: the room above it, and whether it must share the page of the next.</summary>
    private sealed record FlowLine(string Text, bool Bold, double Left, double Right, bool AlignRight, double GapBefore)
    {
        public bool KeepWithNext { get; set; }
    }

    private static Laid Lay(Letter letter, string? mention, Style style, XGraphics measure, XSize pageSize)
    {
        var fonts = new Fonts(style.FontSize);
        var lineHeight = style.LineHeight;
        var left = style.Side;
        var right = pageSize.Width - style.Side;
        var bottom = pageSize.Height - style.Bottom;

        // Page 1's head: the sender's block (left column) and the addressee's (in the window), side by side.
        var first = new List<Placed>();
        var y = style.Top;
        foreach (var text in letter.SenderLines.SelectMany(l => Wrap(l, fonts.Regular, AddresseeLeft - Mm(8) - left, measure)))
        {
            first.Add(new Placed(text, false, left, right, false, y));
            y += lineHeight;
        }
        var senderBottom = y;
        y = Math.Max(style.AddresseeTop, senderBottom + lineHeight);
        foreach (var text in letter.AddresseeLines.SelectMany(l => Wrap(l, fonts.Regular, right - AddresseeLeft, measure)))
        {
            first.Add(new Placed(text, false, AddresseeLeft, right, false, y));
            y += lineHeight;
        }
        var flowTop = Math.Max(y, senderBottom) + style.AfterHeader * lineHeight;

        // Then the flow, line by line, each with the room above it and what it must stay with.
        var flow = new List<FlowLine>();
        void Block(string text, bool bold, double gapBefore, double from, bool alignRight = false, bool keepWhole = false)
        {
            var lines = Wrap(text, bold ? fonts.Bold : fonts.Regular, right - from, measure).ToList();
            for (var i = 0; i < lines.Count; i++)
            {
                flow.Add(new FlowLine(lines[i], bold, from, right, alignRight, i == 0 ? gapBefore * lineHeight : 0)
                {
                    // Orphan (the first line alone at a page's foot) and widow (the last alone at a page's head).
                    KeepWithNext = keepWhole || (lines.Count > 1 && (i == 0 || i == lines.Count - 2)),
                });
            }
        }
        Block(letter.PlaceAndDate, false, 0, left, alignRight: true);
        var afterDate = style.AfterDate;
        if (!string.IsNullOrWhiteSpace(mention))
        {
            Block(mention, true, afterDate, left, keepWhole: true);
            afterDate = 0.3;
        }
        if (!string.IsNullOrWhiteSpace(letter.Subject))
        {
            Block(letter.Subject, true, afterDate, left, keepWhole: true);
            afterDate = style.AfterSubject;
        }
        Block(letter.Salutation, false, afterDate, left, keepWhole: true);
        for (var p = 0; p < letter.Paragraphs.Count; p++)
        {
            var start = flow.Count;
            Block(letter.Paragraphs[p], false, style.BetweenParagraphs, left);
            if (p == letter.Paragraphs.Count - 1)
            {
                // The last body paragraph goes to the signature's page: whole when short, its last lines otherwise.
                var count = flow.Count - start;
                var keepFrom = count <= WholeLastParagraphLines ? start : flow.Count - 3;
                for (var i = keepFrom; i < flow.Count; i++) flow[i].KeepWithNext = true;
            }
        }
        if (!string.IsNullOrWhiteSpace(letter.Closing))
        {
            if (flow.Count > 0) flow[^1].KeepWithNext = true;
            Block(letter.Closing, false, style.BetweenParagraphs, left, keepWhole: true);
        }
        if (flow.Count > 0 && letter.SignatureLines.Count > 0) flow[^1].KeepWithNext = true;
        for (var i = 0; i < letter.SignatureLines.Count; i++)
        {
            Block(letter.SignatureLines[i], false, i == 0 ? style.BeforeSignature : 0, AddresseeLeft, keepWhole: i < letter.SignatureLines.Count - 1);
        }
        if (flow.Count > 0) flow[^1].KeepWithNext = false;

        // Pages: a line that does not fit takes to the next page the lines it is kept with.
        var pages = new List<List<Placed>> { first };
        var page = new List<Placed>();
        var pageStart = 0;
        y = flowTop;
        for (var i = 0; i < flow.Count;)
        {
            var line = flow[i];
            var gap = page.Count == 0 && pages.Count > 1 ? 0 : line.GapBefore;
            if (y + gap + lineHeight > bottom && i > pageStart)
            {
                var breakAt = i;
                while (breakAt > pageStart && flow[breakAt - 1].KeepWithNext) breakAt--;
                if (breakAt == pageStart) breakAt = i; // kept together longer than a page: cut where it overflows
                page.RemoveRange(page.Count - (i - breakAt), i - breakAt);
                pages[^1].AddRange(page);
                pages.Add([]);
                page = [];
                pageStart = i = breakAt;
                y = style.Top;
                continue;
            }
            y += gap;
            page.Add(new Placed(line.Text, line.Bold, line.Left, line.Right, line.AlignRight, y));
            y += lineHeight;
            i++;
        }
        pages[^1].AddRange(page);
        return new Laid(style, pages);
    }

    private static IEnumerable<string> Wrap(string text, XFont font, double width, XGraphics measure)
    {
        // Hard line breaks inside a part are kept; only plain spaces break a line, so that
        // non-breaking spaces (before « : ; ? ! ») keep French punctuation with its word.
        var space = measure.MeasureString(" ", font).Width;
        foreach (var hardLine in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var words = hardLine.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                yield return "";
                continue;
            }
            var line = new System.Text.StringBuilder();
            var lineWidth = 0.0;
            foreach (var word in words)
            {
                foreach (var piece in SplitLongWord(word, font, width, measure))
                {
                    var pieceWidth = measure.MeasureString(piece, font).Width;
                    if (line.Length > 0 && lineWidth + space + pieceWidth > width)
                    {
                        yield return line.ToString();
                        line.Clear();
                        lineWidth = 0;
                    }
                    if (line.Length > 0)
                    {
                        line.Append(' ');
                        lineWidth += space;
                    }
                    line.Append(piece);
                    lineWidth += pieceWidth;
                }
            }
            if (line.Length > 0) yield return line.ToString();
        }
    }

    /// <summary>A word wider than the line (a long URL) is cut where it must be.</summary>
    private static IEnumerable<string> SplitLongWord(string word, XFont font, double width, XGraphics measure)
    {
        if (measure.MeasureString(word, font).Width <= width)
        {
            yield return word;
            yield break;
        }
        var start = 0;
        while (start < word.Length)
        {
            var length = 1;
            while (start + length < word.Length
                   && measure.MeasureString(word.Substring(start, length + 1), font).Width <= width)
                length++;
            yield return word.Substring(start, length);
            start += length;
        }
    }
}
