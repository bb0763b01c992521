using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Contrevue.Infrastructure.Documents;

/// <summary>
/// Lays a letter out on A4 pages the French way: sender top left, addressee in the window of a
/// right-window envelope, place and date on the right, then the body, closing and signature.
/// Lines are wrapped here (XTextFormatter neither breaks pages nor reports its height), and pages
/// are added as the body needs them.
/// </summary>
public static class LetterPdfRenderer
{
    public const string DocumentTitle = "Lettre — Pas de VSA dans ma ville";

    public const string RegisteredMention = "Lettre recommandée avec accusé de réception";

    private const double FontSize = 11;
    private static readonly double Margin = XUnit.FromMillimeter(25).Point;
    private static readonly double AddresseeLeft = XUnit.FromMillimeter(100).Point;
    private static readonly double AddresseeTop = XUnit.FromMillimeter(50).Point;

    public static byte[] Render(Letter letter, bool registered)
    {
        ArgumentNullException.ThrowIfNull(letter);
        LetterFontResolver.EnsureRegistered();

        using var document = new PdfDocument();
        // Title only: no author, subject or keywords that could name the sender.
        document.Info.Title = DocumentTitle;
        document.Options.CompressContentStreams = true;

        var writer = new PageWriter(document);
        var right = writer.PageWidth - Margin;

        foreach (var line in letter.SenderLines) writer.Line(line, writer.Regular, Margin, right);
        writer.MoveTo(Math.Max(writer.Y + writer.LineHeight, AddresseeTop));
        foreach (var line in letter.AddresseeLines) writer.Line(line, writer.Regular, AddresseeLeft, right);

        writer.Skip(2);
        writer.Line(letter.PlaceAndDate, writer.Regular, Margin, right, alignRight: true);
        writer.Skip(2);

        // The composer puts the mention in the letter for the registered variant; the flag makes sure
        // a registered letter carries one even when the composed letter left it out.
        var mention = letter.Mention ?? (registered ? RegisteredMention : null);
        if (!string.IsNullOrWhiteSpace(mention)) writer.Paragraph(mention, writer.Bold, after: 0.5);
        writer.Paragraph(letter.Subject, writer.Bold, after: 1.5);
        writer.Paragraph(letter.Salutation, writer.Regular, after: 0.8);
        foreach (var paragraph in letter.Paragraphs) writer.Paragraph(paragraph, writer.Regular, after: 0.8);
        writer.Paragraph(letter.Closing, writer.Regular, after: 2);

        // The signature block stays on one page.
        writer.KeepTogether(letter.SignatureLines.Count);
        foreach (var line in letter.SignatureLines) writer.Line(line, writer.Regular, Margin, right, alignRight: true);

        writer.Finish();
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private sealed class PageWriter(PdfDocument document)
    {
        private XGraphics? _graphics;
        private PdfPage? _page;

        // Unicode encoding rather than WinAnsi: names and narrow no-break spaces outside Windows-1252
        // still come out, and copy-paste from the PDF gives the exact text back.
        public XFont Regular { get; } = new(LetterFontResolver.FamilyName, FontSize, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
        public XFont Bold { get; } = new(LetterFontResolver.FamilyName, FontSize, XFontStyleEx.Bold, new XPdfFontOptions(PdfFontEncoding.Unicode));
        public double LineHeight { get; } = FontSize * 1.35;
        public double PageWidth => Page.Width.Point;
        public double Y { get; private set; }

        private PdfPage Page => _page ?? NewPage();

        private XGraphics Graphics
        {
            get
            {
                if (_graphics is null) NewPage();
                return _graphics!;
            }
        }
        private double Bottom => Page.Height.Point - Margin;

        public void MoveTo(double y) => Y = y;

        public void Skip(double lines) => Y += lines * LineHeight;

        public void KeepTogether(int lines)
        {
            if (Y + lines * LineHeight > Bottom) NewPage();
        }

        /// <summary>One block line; wrapped when it is wider than the room between left and right.</summary>
        public void Line(string text, XFont font, double left, double right, bool alignRight = false)
        {
            foreach (var line in Wrap(text, font, right - left))
            {
                if (Y + LineHeight > Bottom) NewPage();
                var x = alignRight ? right - Graphics.MeasureString(line, font).Width : left;
                Graphics.DrawString(line, font, XBrushes.Black, x, Y, XStringFormats.TopLeft);
                Y += LineHeight;
            }
        }

        public void Paragraph(string text, XFont font, double after)
        {
            Line(text, font, Margin, PageWidth - Margin);
            Y += after * LineHeight;
        }

        public void Finish()
        {
            _ = Page; // a letter always has at least one page
            _graphics?.Dispose();
            _graphics = null;
        }

        private PdfPage NewPage()
        {
            _graphics?.Dispose();
            _page = document.AddPage();
            _page.Size = PdfSharp.PageSize.A4;
            _graphics = XGraphics.FromPdfPage(_page);
            Y = Margin;
            return _page;
        }

        private IEnumerable<string> Wrap(string text, XFont font, double width)
        {
            // Hard line breaks inside a part are kept; only plain spaces break a line, so that
            // non-breaking spaces (before « : ; ? ! ») keep French punctuation with its word.
            foreach (var hardLine in text.ReplaceLineEndings("\n").Split('\n'))
            {
                var words = hardLine.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 0)
                {
                    yield return "";
                    continue;
                }
                var space = Graphics.MeasureString(" ", font).Width;
                var line = new System.Text.StringBuilder();
                var lineWidth = 0.0;
                foreach (var word in words)
                {
                    foreach (var piece in SplitLongWord(word, font, width))
                    {
                        var pieceWidth = Graphics.MeasureString(piece, font).Width;
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
        private IEnumerable<string> SplitLongWord(string word, XFont font, double width)
        {
            if (Graphics.MeasureString(word, font).Width <= width)
            {
                yield return word;
                yield break;
            }
            var start = 0;
            while (start < word.Length)
            {
                var length = 1;
                while (start + length < word.Length
                       && Graphics.MeasureString(word.Substring(start, length + 1), font).Width <= width)
                    length++;
                yield return word.Substring(start, length);
                start += length;
            }
        }
    }
}
