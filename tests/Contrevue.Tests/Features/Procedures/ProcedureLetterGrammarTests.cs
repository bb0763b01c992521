using System.Text.RegularExpressions;
using Contrevue.Features.Procedures.Templates;
using Contrevue.Infrastructure.Documents;
using Microsoft.Extensions.Time.Testing;

namespace Contrevue.Tests.Features.Procedures;

/// <summary>Every procedure letter speaks as whoever signs it: « je » for one person, « nous » otherwise (issue 14).</summary>
public sealed partial class ProcedureLetterGrammarTests
{
    private static readonly ProcedureLetters Letters = new(new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero)), FrenchText.Instance);

    private static readonly ProcedureLetterInput Input = new()
    {
        SenderCity = "Saint-Étienne",
        AuthorityName = "Mairie de Saint-Étienne",
        Place = "Saint-Étienne",
        RequestDate = "2026-09-01",
        DecisionTitle = "l'arrêté municipal n° 2026-41 relatif à la vidéoverbalisation",
        DecisionDate = "2026-10-15",
        Processing = "la vidéosurveillance algorithmique du centre-ville",
        Paragraph = "Les caméras de la place Jean-Jaurès sont reliées à un logiciel d'analyse depuis le mois de mars.",
        NoticeNumber = "1234567890",
        NoticeDate = "2026-10-01",
    };

    public static TheoryData<string> NotFines() => [ProcedureLetters.CadaRequest, ProcedureLetters.CadaReferral, ProcedureLetters.AdministrativeAppeal, ProcedureLetters.CnilComplaint];

    private static Letter Compose(string template, string? kind, string name) =>
        Assert.IsType<ProcedureLetterResult.Composed>(Letters.Compose(template, Input with { SenderKind = kind, SenderName = name })).Letter;

    /// <summary>The letter's own words: everything but the sender's facts.</summary>
    private static string OwnWords(Letter letter) =>
        LetterTextRenderer.Render(letter).Replace(Input.Paragraph!, "", StringComparison.Ordinal);

    [Theory, MemberData(nameof(NotFines))]
    public void One_person_writes_je_and_never_nous(string template)
    {
        var letter = Compose(template, "individual", "Camille Martin");

        Assert.Equal("Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.", letter.Closing);
        Assert.Equal(["Camille Martin"], letter.SignatureLines);
        Assert.DoesNotMatch(Plural(), OwnWords(letter));
    }

    [Theory, MemberData(nameof(NotFines))]
    public void Several_people_write_nous_and_each_signs(string template)
    {
        var letter = Compose(template, "several", "Camille Martin, Léa Dubois");

        Assert.Equal("Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.", letter.Closing);
        Assert.Equal(["Camille Martin", "Léa Dubois"], letter.SignatureLines);
        Assert.Equal("Camille Martin et Léa Dubois", letter.SenderLines[0]);
        Assert.DoesNotMatch(Singular(), OwnWords(letter));
    }

    [Theory, MemberData(nameof(NotFines))]
    public void A_collective_writes_nous_and_signs_with_its_name(string template)
    {
        var letter = Compose(template, "collective", "Collectif Loire sans VSA");

        Assert.StartsWith("Nous vous prions d'agréer", letter.Closing);
        Assert.Equal(["Collectif Loire sans VSA"], letter.SignatureLines);
        Assert.DoesNotMatch(Singular(), OwnWords(letter));
    }

    [Fact]
    public void The_exact_sentences_of_the_recours_gracieux_follow_the_sender()
    {
        var alone = Compose(ProcedureLetters.AdministrativeAppeal, "individual", "Camille Martin");
        var together = Compose(ProcedureLetters.AdministrativeAppeal, "collective", "Collectif Loire sans VSA");

        Assert.StartsWith("Par la présente, je forme un recours gracieux contre l'arrêté municipal n° 2026-41 relatif à la vidéoverbalisation du 15 octobre 2026", alone.Paragraphs[0]);
        Assert.StartsWith("Par la présente, nous formons un recours gracieux contre", together.Paragraphs[0]);
        Assert.Contains("Je vous demande en conséquence de bien vouloir la retirer", alone.Paragraphs[^2]);
        Assert.Contains("Nous vous demandons en conséquence de bien vouloir la retirer", together.Paragraphs[^2]);
        Assert.EndsWith("que je pourrai alors déférer au tribunal administratif dans le délai de deux mois (articles R421-1 et R421-2 du code de justice administrative).", alone.Paragraphs[^1]);
        Assert.Contains("Or, à ma connaissance, aucune autorisation préfectorale", LetterTextRenderer.Render(alone));
    }

    [Fact]
    public void The_cada_request_of_one_person_asks_to_be_sent_the_documents()
    {
        var letter = Compose(ProcedureLetters.CadaRequest, "individual", "Camille Martin");

        Assert.Contains("(CRPA), je vous demande de bien vouloir me communiquer les documents administratifs suivants", letter.Paragraphs[0]);
        Assert.Contains("Je vous rappelle que le silence gardé pendant un mois", LetterTextRenderer.Render(letter));
    }

    [Fact]
    public void A_fine_is_one_persons_whatever_is_left_out_but_not_whatever_is_said()
    {
        var fine = Compose(ProcedureLetters.ContraventionContest, null, "Camille Martin");
        Assert.StartsWith("Par la présente, je forme une requête en exonération", fine.Paragraphs[0]);
        Assert.Equal(["Camille Martin"], fine.SignatureLines);
        Compose(ProcedureLetters.FineClaim, "individual", "Camille Martin");

        var refused = Assert.IsType<ProcedureLetterResult.Invalid>(Letters.Compose(ProcedureLetters.ReimbursementAppeal, Input with { SenderKind = "collective", SenderName = "Collectif" }));
        Assert.Equal([ProcedureLetters.FineSenderMessage], refused.Errors["senderKind"]);
    }

    [Theory]
    [InlineData(null, "Indiquez qui écrit")]
    [InlineData("robot", "Type d'expéditeur inconnu")]
    public void A_missing_or_unknown_sender_kind_is_told_in_french(string? kind, string message)
    {
        var refused = Assert.IsType<ProcedureLetterResult.Invalid>(Letters.Compose(ProcedureLetters.AdministrativeAppeal, Input with { SenderKind = kind, SenderName = "Camille Martin" }));

        Assert.Contains(message, Assert.Single(refused.Errors["senderKind"]));
    }

    [GeneratedRegex(@"\b(nous|notre|nos)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Plural();

    [GeneratedRegex(@"\b(je|j'|me|m'|mon|ma|mes)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Singular();
}
