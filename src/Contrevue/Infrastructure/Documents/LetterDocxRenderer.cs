using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Contrevue.Infrastructure.Documents;

/// <summary>
/// Writes the letter as an editable Word document with the same parts and layout as the PDF.
/// No core properties part is created, so the file names no author.
/// </summary>
public static class LetterDocxRenderer
{
    // Twentieths of a point: 25 mm margins, A4, the addressee block 100 mm from the page's edge.
    private const int MarginTwips = 1417;
    private const int A4WidthTwips = 11906;
    private const int A4HeightTwips = 16838;
    private const int AddresseeIndentTwips = 5669 - MarginTwips;
    private const string FontSizeHalfPoints = "22";

    private const string AddresseeStyle = "Destinataire";
    private const string RightStyle = "ADroite";
    private const string StrongStyle = "Objet";

    public static byte[] Render(Letter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        using var output = new MemoryStream();
        using (var document = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = Styles();

            var body = new Body();
            foreach (var line in letter.SenderLines) body.Append(Block(line, null));
            body.Append(Block("", null, spacingAfter: 480));
            foreach (var line in letter.AddresseeLines) body.Append(Block(line, AddresseeStyle));
            body.Append(Block("", null, spacingAfter: 240));
            body.Append(Block(letter.PlaceAndDate, RightStyle, spacingAfter: 480));
            if (!string.IsNullOrWhiteSpace(letter.Mention)) body.Append(Block(letter.Mention, StrongStyle, spacingAfter: 120));
            body.Append(Block(letter.Subject, StrongStyle, spacingAfter: 360));
            body.Append(Text(letter.Salutation));
            // As in the PDF, the last body paragraph, the closing formula and the signature share a page.
            for (var i = 0; i < letter.Paragraphs.Count; i++) body.Append(Text(letter.Paragraphs[i], keepWithNext: i == letter.Paragraphs.Count - 1));
            body.Append(Text(letter.Closing, spacingAfter: 480, keepWithNext: true));
            for (var i = 0; i < letter.SignatureLines.Count; i++) body.Append(Block(letter.SignatureLines[i], RightStyle, keepWithNext: i < letter.SignatureLines.Count - 1));
            body.Append(new SectionProperties(
                new PageSize { Width = A4WidthTwips, Height = A4HeightTwips },
                new PageMargin
                {
                    Top = MarginTwips, Right = MarginTwips, Bottom = MarginTwips, Left = MarginTwips,
                    Header = 709, Footer = 709, Gutter = 0,
                }));
            main.Document = new Document(body);
        }
        return output.ToArray();
    }

    /// <summary>A line of a block (sender, addressee, date, signature): no space after it.</summary>
    private static Paragraph Block(string text, string? style, int spacingAfter = 0, bool keepWithNext = false)
    {
        var properties = new ParagraphProperties();
        if (style is not null) properties.Append(new ParagraphStyleId { Val = style });
        if (keepWithNext) properties.Append(new KeepNext());
        properties.Append(new SpacingBetweenLines { After = spacingAfter.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return WithRuns(new Paragraph(properties), text);
    }

    /// <summary>A body paragraph in Normal style, which carries the spacing after paragraphs.</summary>
    private static Paragraph Text(string text, int? spacingAfter = null, bool keepWithNext = false)
    {
        var paragraph = new Paragraph();
        var properties = new ParagraphProperties();
        if (keepWithNext) properties.Append(new KeepNext());
        if (spacingAfter is { } after)
            properties.Append(new SpacingBetweenLines { After = after.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (properties.HasChildren) paragraph.Append(properties);
        return WithRuns(paragraph, text);
    }

    /// <summary>Hard line breaks inside a part become line breaks inside the paragraph.</summary>
    private static Paragraph WithRuns(Paragraph paragraph, string text)
    {
        var run = new Run();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) run.Append(new Break());
            run.Append(new DocumentFormat.OpenXml.Wordprocessing.Text(lines[i]) { Space = SpaceProcessingModeValues.Preserve });
        }
        paragraph.Append(run);
        return paragraph;
    }

    private static Styles Styles() => new(
        new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts
                {
                    Ascii = LetterFontResolver.FamilyName,
                    HighAnsi = LetterFontResolver.FamilyName,
                    ComplexScript = LetterFontResolver.FamilyName,
                    EastAsia = LetterFontResolver.FamilyName,
                },
                new FontSize { Val = FontSizeHalfPoints },
                new FontSizeComplexScript { Val = FontSizeHalfPoints },
                new Languages { Val = "fr-FR" })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                new WidowControl(),
                new SpacingBetweenLines { After = "0", Line = "276", LineRule = LineSpacingRuleValues.Auto }))),
        new Style(
            new StyleName { Val = "Normal" },
            new PrimaryStyle(),
            new StyleParagraphProperties(new SpacingBetweenLines { After = "200" }),
            new StyleRunProperties(
                new RunFonts { Ascii = LetterFontResolver.FamilyName, HighAnsi = LetterFontResolver.FamilyName },
                new FontSize { Val = FontSizeHalfPoints }))
        { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
        new Style(
            new StyleName { Val = "Destinataire" },
            new BasedOn { Val = "Normal" },
            new StyleParagraphProperties(
                new SpacingBetweenLines { After = "0" },
                new Indentation { Left = AddresseeIndentTwips.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
        { Type = StyleValues.Paragraph, StyleId = AddresseeStyle },
        new Style(
            new StyleName { Val = "À droite" },
            new BasedOn { Val = "Normal" },
            new StyleParagraphProperties(new SpacingBetweenLines { After = "0" }, new Justification { Val = JustificationValues.Right }))
        { Type = StyleValues.Paragraph, StyleId = RightStyle },
        new Style(
            new StyleName { Val = "Objet" },
            new BasedOn { Val = "Normal" },
            new StyleRunProperties(new Bold()))
        { Type = StyleValues.Paragraph, StyleId = StrongStyle });
}
