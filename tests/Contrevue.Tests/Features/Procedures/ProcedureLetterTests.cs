using Contrevue.Infrastructure.Documents;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Contrevue.Features.Campaigns.Letters;
using Contrevue.Features.Procedures.Templates;
using Contrevue.Tests.Features.Campaigns;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Extensions.Time.Testing;

namespace Contrevue.Tests.Features.Procedures;

public sealed class ProcedureLetterTests
{
    private static readonly ProcedureLetters Letters = new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero)), FrenchText.Instance);

    private static readonly ProcedureLetterInput Sender = new()
    {
        SenderName = "Collectif Loire sans VSA",
        SenderKind = "collective",
        SenderAddress = "12 rue de la Paix\n42000 Saint-Étienne",
        SenderEmail = "contact@loire-sans-vsa.example",
        SenderCity = "Saint-Étienne",
        AuthorityName = "Mairie de Saint-Étienne",
        AuthorityAddress = "Place de l'Hôtel-de-Ville\n42000 Saint-Étienne",
        Place = "Saint-Étienne",
    };

    private static Letter Compose(string template, ProcedureLetterInput input) =>
        Assert.IsType<ProcedureLetterResult.Composed>(Letters.Compose(template, input)).Letter;

    /// <summary>The errors, their narrow no-break spaces ("5 000") made plain ones.</summary>
    private static Dictionary<string, string[]> Refuse(string? template, ProcedureLetterInput input) =>
        Assert.IsType<ProcedureLetterResult.Invalid>(Letters.Compose(template, input)).Errors
            .ToDictionary(e => e.Key, e => e.Value.Select(Normalise).ToArray());

    internal static string Normalise(string text) => Regex.Replace(text, @"\s+", " ").Trim();

    internal static string PdfText(Letter letter) => Normalise(LetterRenderingTests.PdfToText(LetterPdfRenderer.Render(letter, registered: letter.Mention is not null)));

    internal static string DocxText(byte[] docx)
    {
        using var stream = new MemoryStream(docx);
        using var document = WordprocessingDocument.Open(stream, false);
        // Paragraphs and line breaks as spaces, as the PDF's text is normalised.
        var body = document.MainDocumentPart!.Document!.Body!;
        return Normalise(string.Join(" ", body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>()
            .Select(p => string.Join(" ", p.Descendants().Select(e => e switch
            {
                DocumentFormat.OpenXml.Wordprocessing.Text t => t.Text,
                DocumentFormat.OpenXml.Wordprocessing.Break => " ",
                _ => "",
            })))));
    }

    private static void ContainsAll(string text, params string[] parts)
    {
        foreach (var part in parts) Assert.Contains(Normalise(part), text);
    }

    [Fact]
    public void The_cada_request_asks_for_the_documents_checked_and_only_those_with_the_crpa_articles()
    {
        var letter = Compose(ProcedureLetters.CadaRequest, Sender with
        {
            Documents = ["arrete-prefectoral", "marches", "aipd"],
            OtherDocuments = "- le plan de déploiement des caméras pour 2027\nles factures de maintenance",
            Registered = true,
        });

        foreach (var text in new[] { PdfText(letter), DocxText(LetterDocxRenderer.Render(letter)) })
        {
            ContainsAll(text,
                "Objet : Demande de communication de documents administratifs",
                "articles L300-1 et L311-1 et suivants du code des relations entre le public et l'administration",
                "relatifs au système de vidéoprotection de Saint-Étienne",
                "– l'arrêté préfectoral autorisant le système de vidéoprotection",
                "cahier des clauses techniques particulières (CCTP)",
                "l'analyse d'impact relative à la protection des données (AIPD)",
                "– le plan de déploiement des caméras pour 2027",
                "– les factures de maintenance",
                "par courrier électronique à l'adresse contact@loire-sans-vsa.example",
                "article L311-9 du CRPA", "article L311-7 du CRPA",
                "un mois à compter de la réception de la présente demande vaut décision implicite de refus (article R311-13 du CRPA)",
                "article L342-1 du CRPA",
                "Lettre recommandée avec demande d'avis de réception",
                "À Saint-Étienne, le 29 novembre 2026",
                "Mairie de Saint-Étienne", "Collectif Loire sans VSA");
            Assert.DoesNotContain("registre des activités de traitement", text);
            Assert.DoesNotContain("rapports d'évaluation", text);
            Assert.DoesNotContain("délibérations", text);
            Assert.DoesNotContain("conventions", text);
        }
    }

    [Fact]
    public void Without_a_choice_the_cada_request_asks_for_every_document_of_the_checklist()
    {
        var text = PdfText(Compose(ProcedureLetters.CadaRequest, Sender with { SenderEmail = null }));

        foreach (var item in ProcedureLetters.Checklist) Assert.Contains(item.Text, text);
        Assert.Contains("loi n° 2023-380 du 19 mai 2023", text);
        Assert.Contains("à défaut, par courrier", text);
    }

    [Fact]
    public void The_cada_referral_after_silence_says_implicit_refusal_and_goes_to_the_cada()
    {
        var letter = Compose(ProcedureLetters.CadaReferral, Sender with { Documents = ["aipd", "registre"], RequestDate = "2026-09-01", Attachments = "copie de l'accusé de réception postal" });

        var text = PdfText(letter);
        ContainsAll(text,
            "Commission d'accès aux documents administratifs (CADA)", "TSA 50730", "75334 Paris Cedex 07",
            "Objet : Saisine de la CADA — refus de communication de documents administratifs (Mairie de Saint-Étienne)",
            "Par une demande du 1er septembre 2026 (destinataire : Mairie de Saint-Étienne (Place de l'Hôtel-de-Ville, 42000 Saint-Étienne)), nous avons sollicité",
            "décision implicite de refus (article R311-13 du CRPA)",
            "articles L342-1 et R343-1 du CRPA", "article L300-2 du CRPA",
            "– la fiche du registre des activités de traitement",
            "Pièces jointes : – copie de notre demande du 1er septembre 2026",
            "– copie de l'accusé de réception postal");
        Assert.DoesNotContain("CCTP", text);
        Assert.DoesNotContain("Par une décision du", text);
        ContainsAll(DocxText(LetterDocxRenderer.Render(letter)), "TSA 50730", "articles L342-1 et R343-1 du CRPA", "– la fiche du registre des activités de traitement");
    }

    [Fact]
    public void The_cada_referral_after_a_written_refusal_dates_it_and_attaches_it()
    {
        var text = PdfText(Compose(ProcedureLetters.CadaReferral, Sender with { Documents = ["conventions"], RequestDate = "01/10/2026", RefusalDate = "2026-11-02" }));

        ContainsAll(text,
            "Par une décision du 2 novembre 2026, l'administration a refusé de nous les communiquer.",
            "copie de la décision de refus du 2 novembre 2026",
            "Par une demande du 1er octobre 2026");
        Assert.DoesNotContain("silence", text);
    }

    [Fact]
    public void The_recours_gracieux_names_the_decision_the_grounds_the_withdrawal_and_the_two_month_rejection()
    {
        var letter = Compose(ProcedureLetters.AdministrativeAppeal, Sender with
        {
            AuthorityName = "Monsieur le Maire de Saint-Étienne",
            DecisionTitle = "l'arrêté municipal n° 2026-41 relatif à la vidéoverbalisation",
            DecisionDate = "2026-10-15",
            PrefectoralOrder = "l'arrêté préfectoral du 3 mars 2022",
            Paragraph = "Des avis de contravention fondés sur les images des caméras de la place Jean-Jaurès ont été adressés depuis le 1er novembre.",
        });

        foreach (var text in new[] { PdfText(letter), DocxText(LetterDocxRenderer.Render(letter)) })
        {
            ContainsAll(text,
                "Objet : Recours gracieux contre l'arrêté municipal n° 2026-41 relatif à la vidéoverbalisation du 15 octobre 2026",
                "nous formons un recours gracieux contre l'arrêté municipal n° 2026-41 relatif à la vidéoverbalisation du 15 octobre 2026, qui met en œuvre la vidéoverbalisation à Saint-Étienne",
                "à Saint-Étienne",
                "place Jean-Jaurès",
                "articles L251-1 et suivants du code de la sécurité intérieure",
                "commission départementale de vidéoprotection (article L252-1)",
                "Or l'arrêté préfectoral du 3 mars 2022, qui autorise le système, ne prévoit pas cette finalité.",
                "de bien vouloir la retirer",
                "interrompt le cours du délai de recours contentieux (article L411-2 du CRPA)",
                "deux mois à compter de sa réception vaudra décision implicite de rejet (article L231-4 du CRPA)",
                "articles R421-1 et R421-2 du code de justice administrative");
        }
        Assert.Contains("aucune autorisation préfectorale ne prévoit cette finalité",
            PdfText(Compose(ProcedureLetters.AdministrativeAppeal, Sender with { DecisionTitle = "la délibération n° 12", DecisionDate = "2026-10-15" })));
    }

    [Fact]
    public void The_cnil_complaint_is_a_draft_with_the_facts_the_rgpd_articles_and_the_requests()
    {
        var letter = Compose(ProcedureLetters.CnilComplaint, Sender with
        {
            Processing = "l'analyse algorithmique des images des caméras du centre-ville",
            Paragraph = "Depuis septembre 2026, un logiciel signale aux agents les « comportements anormaux » repérés par les caméras.",
        });

        foreach (var text in new[] { PdfText(letter), DocxText(LetterDocxRenderer.Render(letter)) })
        {
            ContainsAll(text,
                ProcedureLetters.CnilDraftMention,
                "Commission nationale de l'informatique et des libertés (CNIL)", "3 place de Fontenoy",
                "Objet : Plainte relative au traitement « l'analyse algorithmique des images des caméras du centre-ville » (Mairie de Saint-Étienne)",
                "le traitement de données personnelles suivant, mis en œuvre à Saint-Étienne : Traitement : l'analyse algorithmique des images des caméras du centre-ville Responsable du traitement : Mairie de Saint-Étienne (Place de l'Hôtel-de-Ville, 42000 Saint-Étienne)",
                "un logiciel signale aux agents",
                "(article 5 du règlement (UE) 2016/679, dit RGPD)",
                "(article 6 du RGPD)",
                "analyse d'impact relative à la protection des données (AIPD)",
                "(article 35 du RGPD)",
                "loi n° 78-17 du 6 janvier 1978",
                "article 58 du RGPD", "article 77 du RGPD");
            Assert.DoesNotContain("Lettre recommandée", text);
        }
    }

    private static readonly ProcedureLetterInput Fined = Sender with
    {
        SenderName = "Camille Martin",
        SenderKind = null, // a fine is one person's: no need to say so
        SenderAddress = "3 chemin des Vignes\n42800 Génilac",
        SenderEmail = null,
        SenderCity = "Génilac",
        AuthorityName = "Officier du ministère public",
        AuthorityAddress = "CS 41101\n35911 Rennes Cedex 9",
        Place = "Génilac",
        NoticeNumber = "1234567890",
        NoticeDate = "2026-10-01",
        EvidenceUrl = "https://contrevue.example/observatoire/dossiers/12-genilac",
        Registered = true,
    };

    /// <summary>
    /// The person fined through a camera with no authorisation for fines (issue 14): her own contest first, in the
    /// first person, with what to attach; the same for an increased fine; then the appeal to the mayor.
    /// </summary>
    [Fact]
    public void The_fine_letters_are_written_by_the_person_fined_with_the_criminal_code_and_what_to_attach()
    {
        var contest = Compose(ProcedureLetters.ContraventionContest, Fined with { Paragraph = "La caméra filme le carrefour de la rue du Stade." });
        foreach (var text in new[] { PdfText(contest), DocxText(LetterDocxRenderer.Render(contest)) })
        {
            ContainsAll(text,
                "Officier du ministère public", "35911 Rennes Cedex 9",
                "Objet : Requête en exonération — avis de contravention n° 1234567890 du 1er octobre 2026",
                "je forme une requête en exonération contre l'avis de contravention n° 1234567890, envoyé le 1er octobre 2026, dans le délai de quarante-cinq jours qui suit son envoi (articles 529-1 et 529-2 du code de procédure pénale)",
                "constatée au moyen d'une caméra de vidéoprotection de Génilac, par vidéoverbalisation",
                "commission départementale de vidéoprotection (article L252-1)",
                "Or, à ma connaissance, aucune autorisation préfectorale ne prévoit cette finalité pour la caméra concernée (voir https://contrevue.example/observatoire/dossiers/12-genilac).",
                "carrefour de la rue du Stade",
                "– l'original de l'avis de contravention n° 1234567890",
                "– la preuve qu'aucune autorisation ne couvre cette caméra pour cette finalité : https://contrevue.example/observatoire/dossiers/12-genilac",
                "la désignation du conducteur ou le récépissé de consignation, lorsque l'avis les exige (article 529-10 du code de procédure pénale)",
                "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.",
                ProcedureLetters.RegisteredMention);
            Assert.DoesNotContain("nous ", text);
            Assert.DoesNotContain("Nous ", text);
        }

        var claim = PdfText(Compose(ProcedureLetters.FineClaim, Fined with { EvidenceUrl = null, PrefectoralOrder = "l'arrêté préfectoral du 3 mars 2022" }));
        ContainsAll(claim,
            "Objet : Réclamation — avis d'amende forfaitaire majorée n° 1234567890 du 1er octobre 2026",
            "dans le délai de trois mois qui suit cet envoi (article 530 du code de procédure pénale)",
            "l'annulation du titre exécutoire en ce qu'il concerne cette amende",
            "Or l'arrêté préfectoral du 3 mars 2022, qui autorise le système, ne prévoit pas cette finalité.",
            "– l'avis d'amende forfaitaire majorée n° 1234567890",
            "(l'arrêté préfectoral, ou la page du dossier qui le documente)");

        var appeal = Compose(ProcedureLetters.ReimbursementAppeal, Fined with { AuthorityName = "Mairie de Génilac", AuthorityAddress = "Place de la Mairie\n42800 Génilac" });
        var appealText = PdfText(appeal);
        ContainsAll(appealText,
            "Mairie de Génilac",
            "Madame la Maire, Monsieur le Maire,",
            "Objet : Recours gracieux — verbalisation au moyen d'une caméra non autorisée à cette fin (avis n° 1234567890 du 1er octobre 2026)",
            "afin que l'amende soit annulée ou, si elle a déjà été payée, remboursée, et que les points retirés de mon permis de conduire me soient restitués",
            "de suspendre toute verbalisation à partir de ces caméras",
            "vaudra décision implicite de rejet (article L231-4 du code des relations entre le public et l'administration)",
            "Je vous prie d'agréer, Madame la Maire, Monsieur le Maire, l'expression de mes salutations distinguées.");
        Assert.Equal("recours-gracieux-amende-Mairie de Génilac", Assert.IsType<ProcedureLetterResult.Composed>(Letters.Compose(ProcedureLetters.ReimbursementAppeal, Fined with { AuthorityName = "Mairie de Génilac" })).FileStem);

        var refused = Refuse(ProcedureLetters.ContraventionContest, Fined with { NoticeNumber = " ", NoticeDate = "2027-01-01", EvidenceUrl = "javascript:alert(1)" });
        Assert.Contains("numéro de l'avis", Assert.Single(refused["noticeNumber"]));
        Assert.Contains("est dans le futur", Assert.Single(refused["noticeDate"]));
        Assert.Contains("http:// ou https://", Assert.Single(refused["evidenceUrl"]));
        Assert.Contains("date d'envoi de l'avis", Assert.Single(Refuse(ProcedureLetters.FineClaim, Fined with { NoticeDate = null })["noticeDate"]));
    }

    [Fact]
    public void Mistakes_are_told_in_french_by_field()
    {
        Assert.Contains("Modèle inconnu", Assert.Single(Refuse("cada-demande", Sender)["template"]));
        Assert.Contains("Modèle inconnu", Assert.Single(Refuse(null, Sender)["template"]));
        Assert.Contains("nom de l'expéditeur", Assert.Single(Refuse(ProcedureLetters.CadaRequest, Sender with { SenderName = " " })["senderName"]));
        Assert.Contains("administration destinataire", Assert.Single(Refuse(ProcedureLetters.CadaRequest, Sender with { AuthorityName = null })["authorityName"]));
        Assert.Contains("300 caractères au plus", Assert.Single(Refuse(ProcedureLetters.CadaRequest, Sender with { SenderName = new string('a', 301) })["senderName"]));
        Assert.Contains("5 000 caractères au plus", Assert.Single(Refuse(ProcedureLetters.CadaRequest, Sender with { Paragraph = new string('a', 5001) })["paragraph"]));
        Assert.Contains("caractères au plus", Assert.Single(Refuse(ProcedureLetters.CadaRequest, Sender with { OtherDocuments = new string('a', 2001) })["otherDocuments"]));
        Assert.Contains("Format inconnu", Assert.Single(Refuse(ProcedureLetters.CadaRequest, Sender with { Format = "odt" })["format"]));
        Assert.Contains("Document inconnu : cctp", Assert.Single(Refuse(ProcedureLetters.CadaRequest, Sender with { Documents = ["cctp"] })["documents"]));
        Assert.Contains("au moins un document", Assert.Single(Refuse(ProcedureLetters.CadaRequest, Sender with { Documents = [] })["documents"]));
        Assert.Contains("e-mail", Assert.Single(Refuse(ProcedureLetters.CadaRequest, Sender with { SenderEmail = "contact at example" })["senderEmail"]));

        Assert.Contains("date de votre demande", Assert.Single(Refuse(ProcedureLetters.CadaReferral, Sender)["requestDate"]));
        Assert.Contains("Date illisible", Assert.Single(Refuse(ProcedureLetters.CadaReferral, Sender with { RequestDate = "31/02/2026" })["requestDate"]));
        Assert.Contains("Date illisible", Assert.Single(Refuse(ProcedureLetters.CadaReferral, Sender with { RequestDate = "hier" })["requestDate"]));
        Assert.Contains("Le 1er janvier 2027 est dans le futur", Assert.Single(Refuse(ProcedureLetters.CadaReferral, Sender with { RequestDate = "2027-01-01" })["requestDate"]));
        Assert.Contains("ne peut pas précéder la demande", Assert.Single(Refuse(ProcedureLetters.CadaReferral, Sender with { RequestDate = "2026-10-01", RefusalDate = "2026-09-01" })["refusalDate"]));
        Assert.Contains("pas avant le 15 décembre 2026", Assert.Single(Refuse(ProcedureLetters.CadaReferral, Sender with { RequestDate = "2026-11-15" })["requestDate"]));

        var appeal = Refuse(ProcedureLetters.AdministrativeAppeal, Sender with { DecisionDate = "2099-01-01" });
        Assert.Contains("décision contestée", Assert.Single(appeal["decisionTitle"]));
        Assert.Contains("dans le futur", Assert.Single(appeal["decisionDate"]));
        var complaint = Refuse(ProcedureLetters.CnilComplaint, Sender);
        Assert.Contains("traitement concerné", Assert.Single(complaint["processing"]));
        Assert.Contains("Décrivez les faits", Assert.Single(complaint["paragraph"]));
    }
}

[Collection(AppsCollection.Name)]
public sealed class ProcedureLetterApiTests(TestApps apps)
{
    private const string Url = "/api/v1/procedure-letters";

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_api_gives_each_template_as_pdf_docx_and_text(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var client = app.CreateBrowserlessClient();
        object Request(string template, string format) => new
        {
            template, format, senderName = "Collectif Loire sans VSA", senderKind = "collective", authorityName = "Mairie de Saint-Étienne",
            documents = new[] { "aipd", "deliberations" }, requestDate = "2026-01-05",
            decisionTitle = "l'arrêté municipal n° 2026-41", decisionDate = "2026-01-05",
            processing = "la vidéosurveillance algorithmique du centre-ville", paragraph = "Un logiciel analyse les images des caméras du centre-ville depuis janvier.",
        };

        var pdf = await client.PostAsJsonAsync(Url, Request("cada-request", "pdf"));
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Equal("lettre-demande-cada-mairie-de-saint-etienne.pdf", pdf.Content.Headers.ContentDisposition?.FileNameStar ?? pdf.Content.Headers.ContentDisposition?.FileName);
        var text = ProcedureLetterTests.Normalise(LetterRenderingTests.PdfToText(await pdf.Content.ReadAsByteArrayAsync()));
        Assert.Contains("L300-1 et L311-1", text);
        Assert.Contains("l'analyse d'impact relative à la protection des données (AIPD)", text);
        Assert.Contains("– les délibérations", text);
        Assert.DoesNotContain("CCTP", text);

        var docx = await client.PostAsJsonAsync(Url, Request("cada-referral", "docx"));
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        Assert.Equal("lettre-saisine-cada-mairie-de-saint-etienne.docx", docx.Content.Headers.ContentDisposition?.FileNameStar ?? docx.Content.Headers.ContentDisposition?.FileName);
        var docxText = ProcedureLetterTests.DocxText(await docx.Content.ReadAsByteArrayAsync());
        Assert.Contains("articles L342-1 et R343-1 du CRPA", docxText);
        Assert.Contains("Par une demande du 5 janvier 2026", docxText);

        var appeal = await client.PostAsJsonAsync(Url, Request("administrative-appeal", "txt"));
        Assert.Equal("text/plain", appeal.Content.Headers.ContentType?.MediaType);
        Assert.Contains("(article L231-4 du CRPA)", await appeal.Content.ReadAsStringAsync());

        var complaint = await client.PostAsJsonAsync(Url, Request("cnil-complaint", "txt"));
        Assert.Contains("(article 35 du RGPD)", await complaint.Content.ReadAsStringAsync());

        using var openApi = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var post = openApi.RootElement.GetProperty("paths").GetProperty(Url).GetProperty("post");
        Assert.True(post.GetProperty("responses").TryGetProperty("400", out _));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Mistakes_get_a_french_400_never_a_500(DatabaseProvider provider)
    {
        // More mistakes than a minute's allowance of public writes without proof of work.
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, new Dictionary<string, string> { ["Abuse:UnverifiedPerMinute"] = "60" }, ownsDatabase: false);
        var client = app.CreateBrowserlessClient();

        async Task<JsonElement> Refused(object request, string field)
        {
            var response = await client.PostAsJsonAsync(Url, request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Lettre impossible : vérifiez les champs indiqués.", problem.GetProperty("title").GetString());
            return problem.GetProperty("errors").GetProperty(field)[0];
        }

        Assert.Contains("Modèle inconnu", (await Refused(new { template = "mise-en-demeure", senderName = "A", authorityName = "B" }, "template")).GetString());
        Assert.Contains("nom de l'expéditeur", (await Refused(new { template = "cada-request", authorityName = "B" }, "senderName")).GetString());
        Assert.Contains("Indiquez qui écrit", (await Refused(new { template = "cada-request", senderName = "A", authorityName = "B" }, "senderKind")).GetString());
        Assert.Contains("Type d'expéditeur inconnu", (await Refused(new { template = "cada-request", senderName = "A", senderKind = "robot", authorityName = "B" }, "senderKind")).GetString());
        Assert.Contains("celle d'une personne", (await Refused(new { template = "contravention-contest", senderName = "A", senderKind = "collective", authorityName = "B", noticeNumber = "1", noticeDate = "2026-01-05" }, "senderKind")).GetString());
        Assert.Contains("dans le futur", (await Refused(new { template = "cada-referral", senderName = "A", authorityName = "B", requestDate = "2099-05-01" }, "requestDate")).GetString());
        Assert.Contains("Date illisible", (await Refused(new { template = "administrative-appeal", senderName = "A", authorityName = "B", decisionTitle = "l'arrêté", decisionDate = "15 octobre" }, "decisionDate")).GetString());
        Assert.Contains("300 caractères au plus", (await Refused(new { template = "cnil-complaint", senderName = "A", authorityName = new string('B', 400), processing = "x", paragraph = "y" }, "authorityName")).GetString());
        var malformed = await client.PostAsync(Url, new StringContent("{\"template\":\"cada-request\",\"documents\":\"aipd\",\"registered\":\"oui\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("n'a pas pu être lu", (await malformed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Contains("5 000 caractères au plus", ProcedureLetterTests.Normalise((await Refused(new { template = "cnil-complaint", senderName = "A", authorityName = "B", processing = "x", paragraph = new string('y', 6000) }, "paragraph")).GetString()!));
    }
}

[Collection(AppsCollection.Name)]
public sealed class ProcedureLetterPageTests(TestApps apps)
{
    private const string Page = "/procedures/modeles";

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_templates_page_works_without_javascript_and_without_an_account(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var visitor = new FormSession(app.CreateBrowserlessClient());

        var form = await visitor.Client.GetStringAsync(Page + "?modele=cada-referral");
        Assert.Contains("name=\"modele\" value=\"cada-referral\" checked=\"checked\"", form);
        foreach (var item in ProcedureLetters.Checklist)
            Assert.Contains($"name=\"Documents\" value=\"{item.Code}\" checked=\"checked\"", form);
        Assert.Contains("<label for=\"expediteur\">", form);

        var refused = await visitor.SubmitAsync(Page, new Dictionary<string, string> { ["modele"] = "cada-referral", ["AuthorityName"] = "Mairie de Saint-Étienne", ["RequestDate"] = "2099-01-01" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        var refusedText = HtmlText.Visible(refusedHtml);
        Assert.Contains("Indiquez le nom de l'expéditeur", refusedText);
        Assert.Contains("est dans le futur", refusedText);
        Assert.Contains("value=\"Mairie de Saint-Étienne\"", refusedHtml);
        Assert.DoesNotContain("name=\"Documents\" value=\"aipd\" checked", refusedHtml);

        var fields = new Dictionary<string, string>
        {
            ["modele"] = "cada-request", ["SenderName"] = "Collectif Loire sans VSA", ["SenderKind"] = "collective", ["AuthorityName"] = "Mairie de Saint-Étienne",
            ["Documents"] = "aipd", ["OtherDocuments"] = "le plan des caméras", ["Format"] = "docx",
        };
        var preview = await visitor.SubmitAsync(Page, fields, Page + "?handler=Preview");
        var previewHtml = await preview.Content.ReadAsStringAsync();
        var previewText = HtmlText.Visible(previewHtml[previewHtml.IndexOf("<pre class=\"letter-preview\">", StringComparison.Ordinal)..previewHtml.IndexOf("</pre>", StringComparison.Ordinal)]);
        Assert.Contains("– l'analyse d'impact relative à la protection des données (AIPD) menée pour ce traitement", previewText);
        Assert.Contains("– le plan des caméras", previewText);
        Assert.DoesNotContain("CCTP", previewText);

        var download = await visitor.SubmitAsync(Page, fields);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", download.Content.Headers.ContentType?.MediaType);
        Assert.Contains("article R311-13 du CRPA", ProcedureLetterTests.DocxText(await download.Content.ReadAsByteArrayAsync()));

        // The fines' templates: their fields, a mistake told next to its field, the letter in the first person.
        var fineForm = await visitor.Client.GetStringAsync(Page + "?modele=contravention-contest");
        Assert.Contains("name=\"modele\" value=\"contravention-contest\" checked=\"checked\"", fineForm);
        Assert.Contains("<label for=\"numero-avis\">", fineForm);
        Assert.Contains("<label for=\"date-avis\">", fineForm);
        Assert.Contains("href=\"/delais?procedure=contravention-contest\"", fineForm);
        var fine = new Dictionary<string, string>
        {
            ["modele"] = "contravention-contest", ["SenderName"] = "Camille Martin", ["AuthorityName"] = "Officier du ministère public",
            ["NoticeNumber"] = "1234567890", ["NoticeDate"] = "2026-10-01", ["EvidenceUrl"] = "ftp://ailleurs.example/x",
        };
        var badLink = HtmlText.Visible(await (await visitor.SubmitAsync(Page, fine, Page + "?handler=Preview")).Content.ReadAsStringAsync());
        Assert.Contains("http:// ou https://", badLink);
        fine["EvidenceUrl"] = "https://contrevue.example/observatoire/dossiers/12-genilac";
        var finePreview = HtmlText.Visible(await (await visitor.SubmitAsync(Page, fine, Page + "?handler=Preview")).Content.ReadAsStringAsync());
        Assert.Contains("je forme une requête en exonération contre l'avis de contravention n° 1234567890", finePreview);
    }
}
