using System.Text.RegularExpressions;
using Contrevue.Features.Campaigns;
using Contrevue.Features.Campaigns.Administration;
using Contrevue.Features.Campaigns.Letters;
using Contrevue.Features.Contacts;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Documents;

namespace Contrevue.Tests.Features.Campaigns;

/// <summary>The campaign letter speaks as whoever signs it: « je » for one person, « nous » for several or a collective (issue 14).</summary>
public sealed partial class LetterGrammarTests
{
    private const string Paragraph = "Chaque matin je traverse la place Jean-Jaurès avec mes enfants ; je refuse qu'un logiciel y trie les passants selon leur démarche.";

    private static Letter Letter(SenderKind kind, string territory = "Saint-Étienne", string? name = null)
    {
        var campaign = new Campaign
        {
            Slug = CampaignSeed.PasDeVsaSlug, Title = "Pas de VSA dans ma ville", Demand = "",
            LetterSubject = CampaignSeed.LetterSubject, LetterTemplate = CampaignSeed.LetterTemplate,
        };
        name ??= kind switch
        {
            SenderKind.Several => "Camille Martin, Léa Dubois et Sami Benali",
            SenderKind.Collective => "Loire sans VSA",
            _ => "Camille Martin",
        };
        return LetterComposer.Build(campaign, new LetterSender(name, kind, Paragraph, null, null, false), TerritoryKind.Commune, territory, null, "42000", "4 décembre 2026");
    }

    /// <summary>The letter's own words: everything but the sender's paragraph.</summary>
    private static string OwnWords(Letter letter) =>
        LetterTextRenderer.Render(letter with { Paragraphs = [.. letter.Paragraphs.Where(p => p != Paragraph)] });

    [Fact]
    public void One_person_writes_je_and_never_nous()
    {
        var letter = Letter(SenderKind.Individual);

        Assert.StartsWith("Je vis à Saint-Étienne et je vous écris pour vous demander un engagement simple et public : que Saint-Étienne ne déploie jamais de vidéosurveillance algorithmique (VSA),", letter.Paragraphs[0]);
        Assert.StartsWith("Je vous demande donc de vous engager, par écrit ou par une délibération du conseil municipal,", letter.Paragraphs[^1]);
        Assert.Equal("Dans l'attente de votre réponse, je vous prie d'agréer, Madame, Monsieur le Maire, l'expression de ma considération distinguée.", letter.Closing);
        Assert.Equal(["Camille Martin"], letter.SignatureLines);
        Assert.Equal("Camille Martin", letter.SenderLines[0]);
        var words = OwnWords(letter);
        Assert.DoesNotMatch(Plural(), words);
        Assert.DoesNotContain("Habitant", words);
        Assert.DoesNotContain("·", words);
    }

    [Fact]
    public void Several_people_write_nous_and_each_signs()
    {
        var letter = Letter(SenderKind.Several);

        Assert.StartsWith("Nous vivons à Saint-Étienne et nous vous écrivons pour vous demander un engagement simple et public", letter.Paragraphs[0]);
        Assert.StartsWith("Nous vous demandons donc de vous engager", letter.Paragraphs[^1]);
        Assert.Equal("Dans l'attente de votre réponse, nous vous prions d'agréer, Madame, Monsieur le Maire, l'expression de notre considération distinguée.", letter.Closing);
        Assert.Equal(["Camille Martin", "Léa Dubois", "Sami Benali"], letter.SignatureLines);
        Assert.Equal("Camille Martin, Léa Dubois et Sami Benali", letter.SenderLines[0]);
        Assert.DoesNotMatch(Singular(), OwnWords(letter));
    }

    [Fact]
    public void A_collective_writes_nous_and_signs_for_the_collective()
    {
        var letter = Letter(SenderKind.Collective);

        Assert.StartsWith("Collectif qui agit à Saint-Étienne, nous vous écrivons pour vous demander un engagement simple et public", letter.Paragraphs[0]);
        Assert.Equal("Dans l'attente de votre réponse, nous vous prions d'agréer, Madame, Monsieur le Maire, l'expression de notre considération distinguée.", letter.Closing);
        Assert.Equal(["Pour le collectif Loire sans VSA"], letter.SignatureLines);
        Assert.Equal("Collectif Loire sans VSA", letter.SenderLines[0]);
        Assert.Equal(["Pour le collectif Loire sans VSA"], Letter(SenderKind.Collective, name: "Collectif Loire sans VSA").SignatureLines);
        Assert.DoesNotMatch(Singular(), OwnWords(letter));
    }

    [Fact]
    public void The_place_takes_its_preposition()
    {
        var letter = Letter(SenderKind.Individual, territory: "Le Havre");

        Assert.StartsWith("Je vis au Havre et je vous écris", letter.Paragraphs[0]);
        Assert.Equal("Objet : Demande d'engagement contre la vidéosurveillance algorithmique au Havre", letter.Subject);
        Assert.Contains("que Le Havre ne déploie jamais", letter.Paragraphs[0]);
    }

    [Fact]
    public void What_the_sender_typed_is_never_read_as_an_alternative()
    {
        var campaign = new Campaign
        {
            Slug = "x", Title = "x", Demand = "", LetterSubject = "Objet {je|nous}",
            LetterTemplate = "{destinataire},\n\n{Je|Nous} {paragraphe_personnel}\n\n{Je signe|Nous signons}.",
        };
        var letter = LetterComposer.Build(campaign, new LetterSender("{a|b}", SenderKind.Individual, "Mon texte {oui|non} reste tel quel, avec ses accolades.", null, null, false),
            TerritoryKind.Commune, "Saint-Étienne", null, null, "4 décembre 2026");

        Assert.Equal("Je Mon texte {oui|non} reste tel quel, avec ses accolades.", letter.Paragraphs[0]);
        Assert.Equal("Je signe.", letter.Closing);
        Assert.Equal("Objet : Objet je", letter.Subject);
        Assert.Equal(["{a|b}"], letter.SignatureLines);
    }

    [Fact]
    public void Alternatives_resolve_two_and_three_forms_with_fields_inside()
    {
        const string text = "{Je vis {a_territoire}|Nous vivons {a_territoire}|Notre collectif agit {a_territoire}} ; {je|nous} {écris|écrivons}.";

        Assert.Equal("Je vis {a_territoire} ; je écris.", SenderVoice.Resolve(text, SenderKind.Individual));
        Assert.Equal("Nous vivons {a_territoire} ; nous écrivons.", SenderVoice.Resolve(text, SenderKind.Several));
        Assert.Equal("Notre collectif agit {a_territoire} ; nous écrivons.", SenderVoice.Resolve(text, SenderKind.Collective));
        Assert.Equal("{territoire} reste", SenderVoice.Resolve("{territoire} reste", SenderKind.Individual));
        Assert.False(SenderVoice.HasMalformedAlternatives(CampaignSeed.LetterTemplate));
        Assert.True(SenderVoice.HasMalformedAlternatives("{a|b|c|d}"));
        Assert.True(SenderVoice.HasMalformedAlternatives("{Je {vis|vivons} ici|Nous}"));
    }

    [Theory]
    [InlineData("Camille Martin, Léa Dubois et Sami Benali")]
    [InlineData("Camille Martin ; Léa Dubois ; Sami Benali")]
    [InlineData("Camille Martin\nLéa Dubois\nSami Benali")]
    public void Several_names_are_read_however_they_are_separated(string names)
    {
        Assert.Equal(["Camille Martin", "Léa Dubois", "Sami Benali"], SenderVoice.Names(names));
    }

    [Theory]
    [InlineData(null, SenderVoice.MissingMessage)]
    [InlineData("", SenderVoice.MissingMessage)]
    [InlineData("robot", SenderVoice.UnknownMessage)]
    [InlineData(" Individual ", null)]
    [InlineData("several", null)]
    public void Sender_kinds_are_read_or_told_in_french(string? code, string? error)
    {
        SenderVoice.Parse(code, out var message);

        Assert.Equal(error, message);
    }

    [Fact]
    public void The_seeded_letter_passes_the_admin_checks_and_the_help_names_every_field_it_uses()
    {
        foreach (Match field in Regex.Matches(CampaignSeed.LetterTemplate + CampaignSeed.LetterSubject, @"\{[a-z_]+\}"))
        {
            Assert.Contains(CampaignEditor.Fields, f => f.Field == field.Value);
        }
    }

    [GeneratedRegex(@"\b(nous|notre|nos)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Plural();

    [GeneratedRegex(@"\b(je|j'|mon|ma|mes)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Singular();
}
