using Contrevue.Infrastructure.Documents;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Contrevue.Features.Campaigns.Letters;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Contrevue.Tests.Features.Campaigns;

public class LetterRenderingTests
{
    private const string Addressee = "Madame, Monsieur le Maire";
    private const string PlaceAndDate = "À Saint-Étienne, le 29 novembre 2026";

    [Fact]
    public void Pdf_text_holds_the_commune_the_addressee_the_date_and_the_whole_paragraph()
    {
        var letter = SampleLetter(PersonalParagraph(3000));

        var pdf = LetterPdfRenderer.Render(letter, registered: true);

        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        var text = Normalise(PdfToText(pdf));
        Assert.Contains("Mairie de Saint-Étienne", text);
        Assert.Contains("42000 Saint-Étienne", text);
        Assert.Contains(Addressee, text);
        Assert.Contains(PlaceAndDate, text);
        Assert.Contains(LetterPdfRenderer.RegisteredMention, text);
        Assert.Contains(Normalise(letter.Paragraphs[1]), text);
        foreach (var part in Parts(letter)) Assert.Contains(Normalise(part), text);
    }

    [Fact]
    public void Pdf_of_a_long_paragraph_runs_onto_more_pages_and_loses_nothing()
    {
        var letter = SampleLetter(PersonalParagraph(5000)) with { Mention = null };

        var pdf = LetterPdfRenderer.Render(letter, registered: false);

        var info = PdfInfo(pdf);
        var pages = int.Parse(Regex.Match(info, @"^Pages:\s+(\d+)", RegexOptions.Multiline).Groups[1].Value);
        Assert.True(pages >= 2, $"{pages} page(s)");
        var text = Normalise(PdfToText(pdf));
        Assert.Contains(Normalise(letter.Paragraphs[1]), text);
        Assert.Contains("Camille Martin", text);
        Assert.DoesNotContain(LetterPdfRenderer.RegisteredMention, text);
    }

    [Fact]
    public void Pdf_metadata_has_the_title_and_no_author()
    {
        var pdf = LetterPdfRenderer.Render(SampleLetter(PersonalParagraph(300)), registered: false);

        var info = PdfInfo(pdf);
        Assert.Matches(new Regex($@"^Title:\s+{Regex.Escape(LetterPdfRenderer.DocumentTitle)}$", RegexOptions.Multiline), info);
        Assert.DoesNotMatch(new Regex(@"^Author:", RegexOptions.Multiline), info);
        Assert.DoesNotContain("Camille", info);
        Assert.DoesNotContain("/Author", Encoding.Latin1.GetString(pdf));
    }

    [Fact]
    public void Pdf_embeds_the_vendored_font()
    {
        var pdf = LetterPdfRenderer.Render(SampleLetter(PersonalParagraph(300)), registered: true);

        var fonts = Run("pdffonts", pdf, "");
        Assert.Contains("SourceSerif4", fonts.Replace(" ", "").Replace("-", ""), StringComparison.OrdinalIgnoreCase);
        // Every font line says emb = yes.
        foreach (var line in fonts.Split('\n').Skip(2).Where(l => l.Trim().Length > 0))
            Assert.Matches(@"\byes\b", line);
    }

    [Fact]
    public void Docx_is_valid_and_says_the_same_thing()
    {
        var letter = SampleLetter(PersonalParagraph(3000));

        var docx = LetterDocxRenderer.Render(letter);

        using var document = WordprocessingDocument.Open(new MemoryStream(docx), isEditable: false);
        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.Empty(errors);
        Assert.Null(document.CoreFilePropertiesPart);
        Assert.True(string.IsNullOrEmpty(document.PackageProperties.Creator));
        var body = document.MainDocumentPart!.Document!.Body!;
        var text = Normalise(string.Join("\n", body.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText)));
        foreach (var part in Parts(letter)) Assert.Contains(Normalise(part), text);
        var margin = body.Descendants<DocumentFormat.OpenXml.Wordprocessing.PageMargin>().Single();
        Assert.Equal(1417u, margin.Left!.Value);
        Assert.Equal(11906u, body.Descendants<DocumentFormat.OpenXml.Wordprocessing.PageSize>().Single().Width!.Value);
    }

    [Fact]
    public void Text_has_every_part_in_order_with_blank_lines_between_blocks()
    {
        var letter = SampleLetter(PersonalParagraph(3000));

        var text = LetterTextRenderer.Render(letter);

        Assert.DoesNotContain('\r', text);
        var position = 0;
        foreach (var part in Parts(letter))
        {
            var found = text.IndexOf(part, position, StringComparison.Ordinal);
            Assert.True(found >= position, $"« {part} » missing or out of order");
            position = found + part.Length;
        }
        Assert.Contains("Camille Martin\n12 rue de la Résistance", text);
        Assert.Contains($"{PlaceAndDate}\n\n{letter.Mention}\n\n{letter.Subject}\n\n{letter.Salutation}\n\n", text);
        Assert.EndsWith($"{letter.Closing}\n\nCamille Martin\n", text);
    }

    [Fact]
    public void Woff_converts_to_a_font_PDFsharp_can_measure()
    {
        var woff = File.ReadAllBytes(Path.Combine(SourceRoot(), "src", "Contrevue", "Infrastructure", "Documents", "Fonts", "source-serif-4-latin-400-normal.woff"));

        var sfnt = WoffFont.ToSfnt(woff);

        int numTables = BinaryPrimitives.ReadUInt16BigEndian(sfnt.AsSpan(4));
        Assert.Equal(BinaryPrimitives.ReadUInt16BigEndian(woff.AsSpan(12)), numTables);
        var sum = 0u;
        for (var i = 0; i + 3 < sfnt.Length; i += 4) sum += BinaryPrimitives.ReadUInt32BigEndian(sfnt.AsSpan(i));
        Assert.Equal(0xB1B0AFBAu, sum); // the whole-file checksum 'head' promises
        for (var i = 0; i < numTables; i++)
        {
            var record = sfnt.AsSpan(12 + i * 16);
            var tag = Encoding.ASCII.GetString(record[..4]);
            var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
            if (tag == "head") Assert.Equal(0x5F0F3CF5u, BinaryPrimitives.ReadUInt32BigEndian(sfnt.AsSpan(offset + 12)));
        }

        LetterFontResolver.EnsureRegistered();
        LetterFontResolver.EnsureRegistered(); // idempotent, as many apps run in one test process
        using var document = new PdfDocument();
        using var graphics = XGraphics.FromPdfPage(document.AddPage());
        var font = new XFont(LetterFontResolver.FamilyName, 11);
        Assert.True(graphics.MeasureString("M", font).Width > graphics.MeasureString("i", font).Width);
        Assert.True(graphics.MeasureString("œuvre « € »", font).Width > 0);
    }

    [Fact]
    public void Woff_converter_refuses_what_is_not_woff()
    {
        Assert.Throws<InvalidDataException>(() => WoffFont.ToSfnt(Encoding.ASCII.GetBytes("not a font at all, really not one, no no no no.")));
    }

    [Fact]
    public async Task Renders_in_parallel()
    {
        var letter = SampleLetter(PersonalParagraph(1000));
        var pdfs = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => LetterPdfRenderer.Render(letter, registered: false))));
        Assert.All(pdfs, pdf => Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4)));
    }

    private static Letter SampleLetter(string personalParagraph) => new()
    {
        SenderLines = ["Camille Martin", "12 rue de la Résistance", "42000 Saint-Étienne"],
        AddresseeLines = [Addressee, "Mairie de Saint-Étienne", "Place de l'Hôtel de Ville", "42000 Saint-Étienne"],
        PlaceAndDate = PlaceAndDate,
        Mention = LetterPdfRenderer.RegisteredMention,
        Subject = "Objet : demande d’engagement à ne pas déployer de vidéosurveillance algorithmique",
        Salutation = "Madame, Monsieur le Maire,",
        Paragraphs =
        [
            "Je vous écris pour vous demander de vous engager publiquement à ne jamais déployer de vidéosurveillance algorithmique (VSA) à Saint-Étienne.",
            personalParagraph,
            "Dans l’attente de votre réponse, je reste à votre disposition.",
        ],
        Closing = "Je vous prie d’agréer, Madame, Monsieur le Maire, l’expression de ma considération distinguée.",
        SignatureLines = ["Camille Martin"],
    };

    /// <summary>A personal paragraph of about <paramref name="length"/> characters, full of French typography.</summary>
    private static string PersonalParagraph(int length)
    {
        string[] sentences =
        [
            "J’habite le quartier de Bellevue depuis douze ans et je tiens à notre liberté d’aller et venir sans être analysée par un logiciel.",
            "On nous parle de « sécurité », mais l’argent public — plus de 250 000 € pour quelques caméras « augmentées » — serait mieux employé ailleurs.",
            "Le cœur de la ville, ses œuvres, ses marchés et ses fêtes appartiennent à celles et ceux qui y vivent, pas à des algorithmes opaques.",
            "Élus, vous avez le pouvoir de dire non : c’est une question de démocratie, d’égalité et de respect de la vie privée.",
            "Être filmé, c’est déjà beaucoup ; être classé automatiquement selon sa démarche ou ses vêtements, c’est inacceptable.",
        ];
        var text = new StringBuilder();
        for (var i = 0; text.Length < length; i++) text.Append(sentences[i % sentences.Length]).Append(' ');
        return text.ToString(0, length).TrimEnd();
    }

    private static IEnumerable<string> Parts(Letter letter) =>
        letter.SenderLines.Concat(letter.AddresseeLines).Append(letter.PlaceAndDate).Append(letter.Mention!)
            .Append(letter.Subject).Append(letter.Salutation).Concat(letter.Paragraphs).Append(letter.Closing)
            .Concat(letter.SignatureLines);

    private static string Normalise(string text) => Regex.Replace(text, @"\s+", " ").Trim();

    internal static string PdfToText(byte[] pdf) => Run("pdftotext", pdf, "-enc UTF-8", "-");

    internal static string PdfInfo(byte[] pdf) => Run("pdfinfo", pdf, "-enc UTF-8");

    /// <summary>Runs a poppler tool (Debian poppler-utils, installed by test.sh) on the PDF.</summary>
    internal static string Run(string tool, byte[] pdf, string options, string after = "")
    {
        var path = Path.Combine(Path.GetTempPath(), $"contrevue-letter-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("/usr/bin/" + tool, $"{options} \"{path}\" {after}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = Encoding.UTF8,
            })!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{tool} failed: {error}");
            Assert.True(error.Trim().Length == 0, $"{tool} complained: {error}");
            return output;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string SourceRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Contrevue.slnx"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Contrevue.slnx not found above the test binaries.");
    }
}
