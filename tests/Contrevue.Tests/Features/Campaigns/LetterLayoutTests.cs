using System.Text;
using System.Text.RegularExpressions;
using Contrevue.Features.Campaigns;
using Contrevue.Features.Campaigns.Letters;
using Contrevue.Features.Contacts;
using Contrevue.Features.Procedures.Templates;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Documents;
using Microsoft.Extensions.Time.Testing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using Xunit.Abstractions;

namespace Contrevue.Tests.Features.Campaigns;

/// <summary>
/// A letter fits on one page whenever it can; when it cannot, the signature never goes alone to the
/// next page (issue 14). The pages are counted in the PDF itself, as a reader's viewer counts them.
/// </summary>
public sealed class LetterLayoutTests(ITestOutputHelper output)
{
    private const string Date = "4 décembre 2026";

    /// <summary>The heaviest head a real letter has: the mayor known, a four-line mairie address, the sender's address, registered.</summary>
    private static readonly ContactFacts SaintEtienne = new()
    {
        Mayor = "Gaël Perdriau",
        PostalAddress = "Hôtel de Ville\nPlace de l'Hôtel de Ville\nCS 34205\n42015 Saint-Étienne Cedex 2",
    };

    [Theory]
    [InlineData(160, false)]
    [InlineData(160, true)]
    [InlineData(600, false)]
    [InlineData(600, true)]
    public void The_campaign_letter_with_a_personal_paragraph_of_up_to_600_characters_is_one_page(int length, bool registered)
    {
        var letter = CampaignLetter(SenderKind.Individual, PersonalParagraph(length), registered);

        var (pdf, layout) = LetterPdfRenderer.RenderWithLayout(letter, registered);

        output.WriteLine($"{length} characters, registered {registered}: {PageCount(pdf)} page(s) at {layout.FontSize} pt");
        Assert.Equal(1, PageCount(pdf));
        Assert.Equal(1, layout.PageCount);
        var text = Normalise(LetterRenderingTests.PdfToText(pdf));
        Assert.Contains("Je vis à Saint-Étienne et je vous écris", text);
        Assert.Contains(Normalise(letter.Paragraphs[3]), text);
        Assert.Contains("Camille Martin", text);
    }

    [Theory]
    [InlineData(SenderKind.Several)]
    [InlineData(SenderKind.Collective)]
    public void The_campaign_letter_of_several_people_or_a_collective_with_600_characters_is_one_page(SenderKind kind)
    {
        var letter = CampaignLetter(kind, PersonalParagraph(600), registered: true);

        Assert.Equal(1, PageCount(LetterPdfRenderer.Render(letter, registered: true)));
    }

    [Theory]
    [InlineData(160)]
    [InlineData(600)]
    public void The_recours_gracieux_with_a_statement_of_facts_of_up_to_600_characters_is_one_page(int length)
    {
        var letter = RecoursGracieux(PersonalParagraph(length));

        var (pdf, layout) = LetterPdfRenderer.RenderWithLayout(letter, registered: true);

        output.WriteLine($"{length} characters: {PageCount(pdf)} page(s) at {layout.FontSize} pt");
        Assert.Equal(1, PageCount(pdf));
        var text = Normalise(LetterRenderingTests.PdfToText(pdf));
        Assert.Contains("Par la présente, je forme un recours gracieux", text);
        Assert.Contains("Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.", text);
    }

    [Fact]
    public void A_letter_that_fits_keeps_the_standard_type_size()
    {
        var (_, layout) = LetterPdfRenderer.RenderWithLayout(CampaignLetter(SenderKind.Individual, PersonalParagraph(160), registered: false), registered: false);

        Assert.Equal(11, layout.FontSize);
    }

    [Theory]
    [InlineData(2_200)]
    [InlineData(3_000)]
    [InlineData(5_000)]
    public void A_letter_too_long_for_one_page_never_leaves_the_signature_alone(int length)
    {
        var letter = CampaignLetter(SenderKind.Individual, PersonalParagraph(length), registered: true);

        var (pdf, layout) = LetterPdfRenderer.RenderWithLayout(letter, registered: true);

        output.WriteLine($"{length} characters: {PageCount(pdf)} pages at {layout.FontSize} pt; last page: {layout.Pages[^1].Count} lines");
        Assert.True(PageCount(pdf) >= 2, $"{PageCount(pdf)} page(s)");
        Assert.Equal(layout.PageCount, PageCount(pdf));
        Assert.Equal(11, layout.FontSize); // a letter that breaks anyway is not squeezed
        var last = layout.Pages[^1];
        Assert.Equal("Camille Martin", last[^1]);
        // The closing formula with the signature, and body text above them.
        var closingStart = Normalise(string.Join(" ", last)).IndexOf("Dans l'attente de votre réponse", StringComparison.Ordinal);
        Assert.True(closingStart > 0, "the closing formula is on the signature's page, after body text: " + string.Join(" | ", last));
        Assert.Contains("l'observatoire citoyen de la vidéosurveillance. Dans l'attente de votre réponse", Normalise(string.Join(" ", last)));
        var text = Normalise(LetterRenderingTests.PdfToText(pdf));
        Assert.Contains(Normalise(letter.Paragraphs[3]), text);
    }

    [Fact]
    public void A_huge_recours_gracieux_takes_its_last_paragraphs_to_the_signatures_page()
    {
        var letter = RecoursGracieux(PersonalParagraph(5_000));

        var (pdf, layout) = LetterPdfRenderer.RenderWithLayout(letter, registered: true);

        Assert.True(PageCount(pdf) >= 2);
        var last = layout.Pages[^1];
        Assert.Equal("Camille Martin", last[^1]);
        Assert.True(last.Count >= 5, string.Join(" | ", last));
        Assert.Contains(last, line => line.StartsWith("Je vous prie d'agréer", StringComparison.Ordinal));
    }

    [Fact]
    public void A_paragraph_never_leaves_a_single_line_at_the_foot_or_head_of_a_page()
    {
        // Lengths around the break, so that some paragraph straddles it one way or another.
        for (var length = 1_400; length <= 3_200; length += 150)
        {
            var letter = CampaignLetter(SenderKind.Individual, PersonalParagraph(length), registered: false);
            var (_, layout) = LetterPdfRenderer.RenderWithLayout(letter, registered: false);
            var body = letter.Paragraphs.Select(Normalise).ToList();
            for (var page = 0; page + 1 < layout.PageCount; page++)
            {
                var foot = layout.Pages[page][^1];
                var head = layout.Pages[page + 1][0];
                // A paragraph's first line alone at a foot: the paragraph would start with it and go on overleaf.
                Assert.False(body.Any(p => p.StartsWith(Normalise(foot), StringComparison.Ordinal) && p.Length > Normalise(foot).Length + 1),
                    $"{length}: orphan « {foot} »");
                // Its last line alone at a head.
                Assert.False(body.Any(p => p.EndsWith(Normalise(head), StringComparison.Ordinal) && p.Length > Normalise(head).Length + 1),
                    $"{length}: widow « {head} »");
            }
        }
    }

    internal static Letter CampaignLetter(SenderKind kind, string paragraph, bool registered)
    {
        var campaign = new Campaign
        {
            Slug = CampaignSeed.PasDeVsaSlug, Title = "Pas de VSA dans ma ville", Demand = "",
            LetterSubject = CampaignSeed.LetterSubject, LetterTemplate = CampaignSeed.LetterTemplate,
        };
        var name = kind switch
        {
            SenderKind.Several => "Camille Martin, Léa Dubois et Sami Benali",
            SenderKind.Collective => "Loire sans VSA",
            _ => "Camille Martin",
        };
        var sender = new LetterSender(name, kind, paragraph, "Saint-Étienne", "12 rue de la Résistance\n42000 Saint-Étienne", registered);
        return LetterComposer.Build(campaign, sender, TerritoryKind.Commune, "Saint-Étienne", SaintEtienne, null, Date);
    }

    internal static Letter RecoursGracieux(string facts)
    {
        var letters = new ProcedureLetters(new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero)), FrenchText.Instance);
        var result = letters.Compose(ProcedureLetters.AdministrativeAppeal, new ProcedureLetterInput
        {
            SenderName = "Camille Martin",
            SenderKind = "individual",
            SenderAddress = "12 rue de la Résistance\n42000 Saint-Étienne",
            SenderEmail = "camille.martin@example.org",
            SenderCity = "Saint-Étienne",
            Registered = true,
            AuthorityName = "Monsieur le Maire de Saint-Étienne",
            AuthorityAddress = "Hôtel de Ville\nPlace de l'Hôtel de Ville\nCS 34205\n42015 Saint-Étienne Cedex 2",
            Place = "Saint-Étienne",
            DecisionTitle = "l'arrêté municipal n° 2026-41 relatif à la vidéoverbalisation",
            DecisionDate = "2026-10-15",
            PrefectoralOrder = "l'arrêté préfectoral du 3 mars 2022",
            Paragraph = facts,
        });
        return Assert.IsType<ProcedureLetterResult.Composed>(result).Letter;
    }

    internal static int PageCount(byte[] pdf)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        return document.PageCount;
    }

    /// <summary>Exactly <paramref name="length"/> characters of ordinary French prose, ending on a full stop.</summary>
    internal static string PersonalParagraph(int length)
    {
        string[] sentences =
        [
            "J'habite le quartier de Bellevue depuis douze ans et je tiens à notre liberté d'aller et venir sans être analysée par un logiciel.",
            "On nous parle de « sécurité », mais l'argent public — plus de 250 000 € pour quelques caméras « augmentées » — serait mieux employé ailleurs.",
            "Le cœur de la ville, ses marchés et ses fêtes appartiennent à celles et ceux qui y vivent, pas à des algorithmes opaques.",
            "Être filmé, c'est déjà beaucoup ; être classé automatiquement selon sa démarche ou ses vêtements, c'est inacceptable.",
        ];
        var text = new StringBuilder();
        for (var i = 0; text.Length < length; i++) text.Append(sentences[i % sentences.Length]).Append(' ');
        var body = text.ToString(0, length - 1).TrimEnd();
        return body + new string('.', length - body.Length);
    }

    private static string Normalise(string text) => Regex.Replace(text, @"\s+", " ").Trim();
}
