using Contrevue.Infrastructure.Text;
using Contrevue.Infrastructure.Documents;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Procedures.Templates;

public abstract record ProcedureLetterResult
{
    public sealed record Composed(Letter Letter, string Format, string FileStem) : ProcedureLetterResult;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : ProcedureLetterResult;
}

/// <summary>One document worth asking for, with the words the letter uses.</summary>
public sealed record ChecklistItem(string Code, string Label, string Text);

/// <summary>A template: its code, its French name and what it is for.</summary>
public sealed record ProcedureTemplate(string Code, string Name, string Description);

/// <summary>
/// The procedure letters: a CADA request, a CADA referral, a recours gracieux against
/// vidéoverbalisation without prefectoral authorisation, a CNIL complaint draft. Composed as the
/// shared <see cref="Letter"/>, so the campaign letters' renderers give PDF, DOCX and text.
/// Only article numbers known for certain are cited; the rest is said without a number.
/// </summary>
public sealed class ProcedureLetters(TimeProvider time, IStringLocalizer<SharedResource> text)
{
    public const string CadaRequest = "cada-request";
    public const string CadaReferral = "cada-referral";
    public const string AdministrativeAppeal = "administrative-appeal";
    public const string CnilComplaint = "cnil-complaint";
    public const string ContraventionContest = "contravention-contest";
    public const string FineClaim = "fine-claim";
    public const string ReimbursementAppeal = "reimbursement-appeal";

    public const int MaxLineLength = 300;
    public const int MaxBlockLength = 2_000;
    public const int MaxParagraphLength = 5_000;

    public const string RegisteredMention = "Lettre recommandée avec demande d'avis de réception";
    public const string CnilDraftMention = "Brouillon de plainte — à compléter, puis à reporter sur le formulaire de plainte en ligne de la CNIL (cnil.fr)";

    public static readonly IReadOnlyList<ProcedureTemplate> Templates =
    [
        new(CadaRequest, "Demande de communication de documents administratifs", "À l'administration qui détient les documents : la commune, l'intercommunalité, la préfecture."),
        new(CadaReferral, "Saisine de la CADA", "Après un refus, écrit ou par silence d'un mois : dans les deux mois qui suivent."),
        new(AdministrativeAppeal, "Recours gracieux contre la vidéoverbalisation sans autorisation", "À l'autorité qui a décidé la vidéoverbalisation, quand l'autorisation préfectorale n'en couvre pas la finalité : dans les deux mois qui suivent la publication de la décision."),
        new(CnilComplaint, "Brouillon de plainte à la CNIL", "Le texte à reporter sur le formulaire de plainte en ligne de la CNIL."),
        new(ContraventionContest, "Requête en exonération contre un avis de contravention (vidéoverbalisation)", "À l'officier du ministère public indiqué sur l'avis, dans les 45 jours qui suivent son envoi : contester sa propre amende quand la caméra n'était pas autorisée à verbaliser."),
        new(FineClaim, "Réclamation contre une amende forfaitaire majorée", "À l'officier du ministère public indiqué sur l'avis d'amende majorée, dans les trois mois qui suivent son envoi."),
        new(ReimbursementAppeal, "Recours gracieux au maire après une amende : remboursement et points", "Au maire de la commune dont la caméra a servi à verbaliser sans autorisation : l'amende annulée ou remboursée, les points rendus, la vidéoverbalisation suspendue."),
    ];

    /// <summary>The templates written by the person fined: « je », not « nous ».</summary>
    private static readonly string[] FineTemplates = [ContraventionContest, FineClaim, ReimbursementAppeal];

    public static readonly IReadOnlyList<ChecklistItem> Checklist =
    [
        new("arrete-prefectoral", "Arrêté préfectoral d'autorisation",
            "l'arrêté préfectoral autorisant le système de vidéoprotection, ainsi que les arrêtés qui l'ont modifié ou renouvelé"),
        new("dossier-autorisation", "Dossier de demande d'autorisation",
            "le dossier de demande d'autorisation déposé en préfecture (finalités déclarées, plan d'implantation des caméras, durée de conservation des images) et l'avis de la commission départementale de vidéoprotection"),
        new("deliberations", "Délibérations",
            "les délibérations et décisions relatives à l'acquisition, à l'extension ou à l'exploitation du système et de ses logiciels"),
        new("marches", "Marchés publics et CCTP",
            "les pièces des marchés publics passés pour ce système : avis de publicité, cahier des clauses techniques particulières (CCTP), acte d'engagement, bordereau des prix, rapport d'analyse des offres"),
        new("conventions", "Conventions avec le fournisseur",
            "les conventions, contrats et bons de commande passés avec le fournisseur ou l'éditeur des logiciels d'analyse d'images, y compris les conventions de test ou de mise à disposition gratuite"),
        new("aipd", "Analyse d'impact (AIPD)",
            "l'analyse d'impact relative à la protection des données (AIPD) menée pour ce traitement"),
        new("registre", "Registre des traitements",
            "la fiche du registre des activités de traitement relative à ce système"),
        new("evaluations", "Rapports d'évaluation d'une expérimentation",
            "les rapports d'évaluation, bilans et comptes rendus de toute expérimentation de traitement algorithmique des images, notamment au titre de l'article 10 de la loi n° 2023-380 du 19 mai 2023"),
    ];

    public static readonly string[] Formats = ["pdf", "docx", "txt"];

    private static readonly string[] CadaAddress =
        ["Commission d'accès aux documents administratifs (CADA)", "TSA 50730", "75334 Paris Cedex 07"];
    private static readonly string[] CnilAddress =
        ["Commission nationale de l'informatique et des libertés (CNIL)", "3 place de Fontenoy", "TSA 80715", "75334 Paris Cedex 07"];
    private const string Closing = "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.";
    private const string ClosingAlone = "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.";

    public const string FineSenderMessage = "Une amende est celle d'une personne : la lettre est écrite par la personne verbalisée (« individual »).";

    public DateOnly Today() => Infrastructure.Time.ParisCalendar.Today(time);

    public ProcedureLetterResult Compose(string? templateKind, ProcedureLetterInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>();
        var template = templateKind?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(template) || !Templates.Any(t => t.Code == template))
        {
            errors["template"] = [text["Modèle inconnu : {0}.", string.Join(", ", Templates.Select(t => t.Code))]];
        }
        var format = string.IsNullOrWhiteSpace(input.Format) ? "pdf" : input.Format.Trim().ToLowerInvariant();
        if (!Formats.Contains(format))
        {
            errors["format"] = ["Format inconnu : pdf, docx ou txt."];
        }
        var check = new Checker(errors, Today(), text);
        var sender = check.Line(input.SenderName, "senderName", "Indiquez le nom de l'expéditeur (le collectif ou la personne qui écrit).");
        var senderAddress = check.Lines(input.SenderAddress, "senderAddress", 500);
        var senderEmail = check.Line(input.SenderEmail, "senderEmail", null);
        if (senderEmail is not null && (!senderEmail.Contains('@', StringComparison.Ordinal) || senderEmail.Contains(' ', StringComparison.Ordinal)))
        {
            errors["senderEmail"] = ["Adresse e-mail de l'expéditeur illisible."];
        }
        var senderCity = check.Line(input.SenderCity, "senderCity", null);
        // The fines' letters are one person's: a kind left out is hers; another kind is a mistake.
        var fine = template is not null && FineTemplates.Contains(template);
        var kind = SenderVoice.Parse(input.SenderKind, out var kindError);
        if (fine && ((kind is null && kindError == SenderVoice.MissingMessage) || kind == SenderKind.Individual))
        {
            kind = SenderKind.Individual;
        }
        else if (fine && kind is not null)
        {
            errors["senderKind"] = [FineSenderMessage];
        }
        else if (kindError is not null)
        {
            errors["senderKind"] = [kindError];
        }
        var authority = check.Line(input.AuthorityName, "authorityName", "Indiquez l'administration destinataire (ou responsable du traitement), par exemple « Mairie de Saint-Étienne ».");
        var authorityAddress = check.Lines(input.AuthorityAddress, "authorityAddress", 500);
        var place = check.Line(input.Place, "place", null);
        var paragraph = check.Paragraph(input.Paragraph, "paragraph", template == CnilComplaint ? "Décrivez les faits : ce qui est filmé ou analysé, où, depuis quand, et ce que vous en savez." : null);
        var attachments = check.Lines(input.Attachments, "attachments", MaxBlockLength);

        List<string> documents = [];
        DateOnly? requestDate = null, refusalDate = null, decisionDate = null, noticeDate = null;
        string? decision = null, order = null, processing = null, notice = null, evidence = null;
        switch (template)
        {
            case CadaRequest or CadaReferral:
                documents = CheckedDocuments(input, check, errors);
                if (template == CadaReferral)
                {
                    requestDate = check.Date(input.RequestDate, "requestDate", "Indiquez la date de votre demande de communication.");
                    refusalDate = check.Date(input.RefusalDate, "refusalDate", null);
                    if (requestDate is { } asked && refusalDate is { } refused && refused < asked)
                    {
                        errors["refusalDate"] = ["Le refus ne peut pas précéder la demande."];
                    }
                    else if (requestDate is { } sent && refusalDate is null && !errors.ContainsKey("refusalDate") && sent.AddMonths(1) > check.Today)
                    {
                        errors["requestDate"] = [text["Sans refus écrit, le refus implicite ne naît qu'un mois après la réception de la demande (article R311-13 du CRPA) : pas avant le {0}.", FrenchDates.Format(sent.AddMonths(1))]];
                    }
                }
                break;
            case AdministrativeAppeal:
                decision = check.Line(input.DecisionTitle, "decisionTitle", "Indiquez la décision contestée, par exemple « l'arrêté municipal n° 2026-41 relatif à la vidéoverbalisation ».");
                decisionDate = check.Date(input.DecisionDate, "decisionDate", "Indiquez la date de la décision contestée.");
                order = check.Line(input.PrefectoralOrder, "prefectoralOrder", null);
                break;
            case CnilComplaint:
                processing = check.Line(input.Processing, "processing", "Indiquez le traitement concerné, par exemple « la vidéosurveillance algorithmique des caméras du centre-ville ».");
                break;
            case ContraventionContest or FineClaim or ReimbursementAppeal:
                notice = check.Line(input.NoticeNumber, "noticeNumber", "Indiquez le numéro de l'avis, tel qu'il est imprimé en haut de l'avis.");
                noticeDate = check.Date(input.NoticeDate, "noticeDate", "Indiquez la date d'envoi de l'avis, imprimée sur l'avis.");
                order = check.Line(input.PrefectoralOrder, "prefectoralOrder", null);
                evidence = check.Line(input.EvidenceUrl, "evidenceUrl", null);
                if (evidence is not null && !(Uri.TryCreate(evidence, UriKind.Absolute, out var link) && link.Scheme is "http" or "https"))
                {
                    errors["evidenceUrl"] = ["Donnez l'adresse complète de la page, en http:// ou https:// (par exemple celle du dossier sur Contrevue)."];
                }
                break;
        }
        if (errors.Count > 0 || sender is null || authority is null || kind is not { } v)
        {
            return new ProcedureLetterResult.Invalid(errors);
        }

        var names = v == SenderKind.Several ? SenderVoice.Names(sender) : [sender];
        var senderLines = new List<string> { SenderVoice.JoinNames(names) };
        senderLines.AddRange(senderAddress);
        if (senderEmail is not null) senderLines.Add(senderEmail);
        var today = check.Today;
        var letter = new Letter
        {
            SenderLines = senderLines,
            AddresseeLines = [authority, .. authorityAddress],
            PlaceAndDate = senderCity is null ? $"Le {FrenchDates.Format(today)}" : $"À {senderCity}, le {FrenchDates.Format(today)}",
            Mention = input.Registered ? RegisteredMention : null,
            Subject = "",
            Salutation = "Madame, Monsieur,",
            Paragraphs = [],
            Closing = v.Say(ClosingAlone, Closing),
            SignatureLines = [.. names],
        };
        var about = place is null ? "au système de vidéoprotection que vous exploitez" : $"au système de vidéoprotection de {place}";
        letter = template switch
        {
            CadaRequest => letter with
            {
                Subject = "Objet : Demande de communication de documents administratifs",
                Paragraphs = [
                    $"En application des articles L300-1 et L311-1 et suivants du code des relations entre le public et l'administration (CRPA), {v.Say("je vous demande de bien vouloir me communiquer", "nous vous demandons de bien vouloir nous communiquer")} les documents administratifs suivants, relatifs {about} et aux dispositifs d'analyse automatisée des images qui y sont ou pourraient y être associés :",
                    Bullets(documents),
                    .. Optional(paragraph),
                    senderEmail is null
                        ? $"{v.Say("Je souhaite", "Nous souhaitons")} recevoir ces documents sous forme électronique, dans leur format d'origine ou un format ouvert, sans frais (article L311-9 du CRPA) ; à défaut, par courrier à l'adresse ci-dessus."
                        : $"{v.Say("Je souhaite", "Nous souhaitons")} recevoir ces documents sous forme électronique, par courrier électronique à l'adresse {senderEmail}, dans leur format d'origine ou un format ouvert, sans frais (article L311-9 du CRPA).",
                    $"Si certains de ces documents comportent des mentions qui ne sont pas communicables, {v.Say("je vous remercie de me les communiquer", "nous vous remercions de nous les communiquer")} après occultation de ces seules mentions (article L311-7 du CRPA).",
                    $"{v.Say("Je vous rappelle", "Nous vous rappelons")} que le silence gardé pendant un mois à compter de la réception de la présente demande vaut décision implicite de refus (article R311-13 du CRPA), refus que {v.Say("je pourrais", "nous pourrions")} alors soumettre à la Commission d'accès aux documents administratifs (article L342-1 du CRPA).",
                ],
            },
            CadaReferral => letter with
            {
                AddresseeLines = CadaAddress,
                Subject = $"Objet : Saisine de la CADA — refus de communication de documents administratifs ({authority})",
                Paragraphs = [
                    $"Par une demande du {FrenchDates.Format(requestDate!.Value)} (destinataire : {authority}{AddressInBrackets(authorityAddress)}), {v.Say("j'ai sollicité", "nous avons sollicité")} la communication des documents administratifs suivants, relatifs {about} :",
                    Bullets(documents),
                    refusalDate is { } refusal
                        ? $"Par une décision du {FrenchDates.Format(refusal)}, l'administration a refusé de {v.Say("me", "nous")} les communiquer."
                        : "Cette demande est restée sans réponse : le silence gardé pendant plus d'un mois a fait naître une décision implicite de refus (article R311-13 du CRPA).",
                    .. Optional(paragraph),
                    "Ces documents, produits ou reçus par une administration dans le cadre de sa mission de service public, sont des documents administratifs au sens de l'article L300-2 du CRPA, communicables à toute personne qui en fait la demande (article L311-1 du CRPA), le cas échéant après occultation des mentions protégées (article L311-7 du CRPA).",
                    $"En application des articles L342-1 et R343-1 du CRPA, {v.Say("je vous saisis de ce refus et vous prie", "nous vous saisissons de ce refus et vous prions")} de bien vouloir émettre un avis favorable à la communication de ces documents.",
                    Attachments("Pièces jointes :", [
                        $"copie de {v.Say("ma", "notre")} demande du {FrenchDates.Format(requestDate.Value)}",
                        refusalDate is { } refused ? $"copie de la décision de refus du {FrenchDates.Format(refused)}" : "preuve de la réception de la demande (accusé de réception), le cas échéant",
                        .. attachments]),
                ],
            },
            AdministrativeAppeal => letter with
            {
                Subject = $"Objet : Recours gracieux contre {decision} du {FrenchDates.Format(decisionDate!.Value)}",
                Paragraphs = [
                    $"Par la présente, {v.Say("je forme", "nous formons")} un recours gracieux contre {decision} du {FrenchDates.Format(decisionDate.Value)}, qui met en œuvre la vidéoverbalisation{(place is null ? "" : $" à {place}")}, c'est-à-dire la constatation d'infractions aux règles de la circulation au moyen des caméras de vidéoprotection.",
                    .. Optional(paragraph),
                    "Les articles L251-1 et suivants du code de la sécurité intérieure subordonnent l'installation d'un système de vidéoprotection sur la voie publique à une autorisation du représentant de l'État dans le département, délivrée après avis de la commission départementale de vidéoprotection (article L252-1). Cette autorisation fixe les finalités pour lesquelles les images peuvent être exploitées : la constatation des infractions aux règles de la circulation est l'une d'elles, et les images ne peuvent servir à verbaliser que si l'autorisation la prévoit.",
                    order is null
                        ? $"Or, à {v.Say("ma", "notre")} connaissance, aucune autorisation préfectorale ne prévoit cette finalité pour les caméras concernées."
                        : $"Or {order}, qui autorise le système, ne prévoit pas cette finalité.",
                    $"La décision contestée méconnaît ainsi ces dispositions. {v.Say("Je vous demande", "Nous vous demandons")} en conséquence de bien vouloir la retirer, et de suspendre toute verbalisation à partir de ces images tant qu'une autorisation couvrant cette finalité n'a pas été délivrée.",
                    $"Le présent recours interrompt le cours du délai de recours contentieux (article L411-2 du CRPA). Le silence gardé pendant deux mois à compter de sa réception vaudra décision implicite de rejet (article L231-4 du CRPA), que {v.Say("je pourrai", "nous pourrons")} alors déférer au tribunal administratif dans le délai de deux mois (articles R421-1 et R421-2 du code de justice administrative).",
                    .. Optional(attachments.Count == 0 ? null : Attachments("Pièces jointes :", attachments)),
                ],
            },
            ContraventionContest or FineClaim or ReimbursementAppeal => FineLetter(letter, template, notice!, noticeDate!.Value, place, order, evidence, paragraph, attachments),
            _ => letter with
            {
                AddresseeLines = CnilAddress,
                Mention = CnilDraftMention,
                Subject = $"Objet : Plainte relative au traitement « {processing} » ({authority})",
                Paragraphs = [
                    $"{v.Say("Je souhaite", "Nous souhaitons")} porter à la connaissance de la Commission le traitement de données personnelles suivant{(place is null ? "" : $", mis en œuvre à {place}")} :\nTraitement : {processing}\nResponsable du traitement : {authority}{AddressInBrackets(authorityAddress)}",
                    paragraph!,
                    Attachments($"Ce traitement {v.Say("me", "nous")} paraît méconnaître les principes et obligations suivants :", [
                        "les principes de licéité, de loyauté et de transparence, de limitation des finalités et de minimisation des données (article 5 du règlement (UE) 2016/679, dit RGPD)",
                        "l'exigence d'une base légale (article 6 du RGPD)",
                        "l'obligation d'effectuer, avant sa mise en œuvre, une analyse d'impact relative à la protection des données (AIPD) pour un traitement susceptible d'engendrer un risque élevé pour les droits et libertés des personnes (article 35 du RGPD)",
                        "la loi n° 78-17 du 6 janvier 1978 relative à l'informatique, aux fichiers et aux libertés, notamment ses dispositions applicables aux traitements mis en œuvre à des fins de prévention ou de constatation des infractions",
                    ]),
                    $"{v.Say("Je demande", "Nous demandons")} à la Commission de contrôler ce traitement, d'obtenir du responsable de traitement son analyse d'impact et la fiche du registre des activités de traitement qui le concerne, et, si les manquements sont établis, de faire usage des pouvoirs que lui confère l'article 58 du RGPD. {v.Say("Je vous remercie de me tenir au courant", "Nous vous remercions de nous tenir au courant")} des suites données à cette plainte (article 77 du RGPD).",
                    .. Optional(attachments.Count == 0 ? null : Attachments("Pièces jointes :", attachments)),
                ],
            },
        };
        var stem = template switch
        {
            CadaRequest => "demande-cada",
            CadaReferral => "saisine-cada",
            AdministrativeAppeal => "recours-gracieux",
            ContraventionContest => "requete-exoneration",
            FineClaim => "reclamation-amende-majoree",
            ReimbursementAppeal => "recours-gracieux-amende",
            _ => "plainte-cnil",
        };
        return new ProcedureLetterResult.Composed(letter, format, $"{stem}-{authority}");
    }

    /// <summary>
    /// The letters of the person fined through a camera that had no authorisation to serve for fines (the case
    /// that started the campaign in Génilac): contest one's own notice first (45 days, CPP art. 529-2), or the
    /// increased fine (3 months, CPP art. 530), then ask the mayor to have it cancelled or paid back and the
    /// points given back. Written in the first person singular: it is one person's fine.
    /// </summary>
    private static Letter FineLetter(Letter letter, string template, string notice, DateOnly noticeDate, string? place, string? order, string? evidence,
        string? paragraph, IReadOnlyList<string> attachments)
    {
        var camera = place is null ? "au moyen d'une caméra de vidéoprotection" : $"au moyen d'une caméra de vidéoprotection de {place}";
        var law = "Les articles L251-1 et suivants du code de la sécurité intérieure subordonnent l'installation d'un système de vidéoprotection sur la voie publique à une autorisation du représentant de l'État dans le département, délivrée après avis de la commission départementale de vidéoprotection (article L252-1). Cette autorisation fixe les finalités pour lesquelles les images peuvent être exploitées : la constatation des infractions aux règles de la circulation est l'une d'elles, et les images ne peuvent servir à verbaliser que si l'autorisation la prévoit.";
        var proof = evidence is null ? "" : $" (voir {evidence})";
        var missing = order is null
            ? $"Or, à ma connaissance, aucune autorisation préfectorale ne prévoit cette finalité pour la caméra concernée{proof}."
            : $"Or {order}, qui autorise le système, ne prévoit pas cette finalité{proof}.";
        var proofAttachment = evidence is null
            ? "la preuve qu'aucune autorisation ne couvre cette caméra pour cette finalité (l'arrêté préfectoral, ou la page du dossier qui le documente)"
            : $"la preuve qu'aucune autorisation ne couvre cette caméra pour cette finalité : {evidence}";
        const string consignation = "le cas échéant, la désignation du conducteur ou le récépissé de consignation, lorsque l'avis les exige (article 529-10 du code de procédure pénale)";
        var noticeDay = FrenchDates.Format(noticeDate);
        return template switch
        {
            ContraventionContest => letter with
            {
                Subject = $"Objet : Requête en exonération — avis de contravention n° {notice} du {noticeDay}",
                Paragraphs = [
                    $"Par la présente, je forme une requête en exonération contre l'avis de contravention n° {notice}, envoyé le {noticeDay}, dans le délai de quarante-cinq jours qui suit son envoi (articles 529-1 et 529-2 du code de procédure pénale).",
                    $"L'infraction qui m'est reprochée a été constatée {camera}, par vidéoverbalisation.",
                    law,
                    missing,
                    .. Optional(paragraph),
                    "La constatation de l'infraction repose ainsi sur l'exploitation d'images à une fin que la loi n'autorisait pas, et ne peut fonder aucune poursuite. Je vous demande en conséquence de ne pas donner suite à cet avis de contravention.",
                    Attachments("Pièces jointes :", [$"l'original de l'avis de contravention n° {notice}", proofAttachment, consignation, .. attachments]),
                ],
            },
            FineClaim => letter with
            {
                Subject = $"Objet : Réclamation — avis d'amende forfaitaire majorée n° {notice} du {noticeDay}",
                Paragraphs = [
                    $"Par la présente, je forme une réclamation contre l'amende forfaitaire majorée n° {notice}, dont l'avis a été envoyé le {noticeDay}, dans le délai de trois mois qui suit cet envoi (article 530 du code de procédure pénale). Cette réclamation entraîne l'annulation du titre exécutoire en ce qu'il concerne cette amende.",
                    $"L'infraction qui m'est reprochée a été constatée {camera}, par vidéoverbalisation.",
                    law,
                    missing,
                    .. Optional(paragraph),
                    "La constatation de l'infraction repose ainsi sur l'exploitation d'images à une fin que la loi n'autorisait pas, et ne peut fonder aucune poursuite. Je vous demande en conséquence de ne pas donner suite à cette contravention.",
                    Attachments("Pièces jointes :", [$"l'avis d'amende forfaitaire majorée n° {notice}", proofAttachment, consignation, .. attachments]),
                ],
            },
            _ => letter with
            {
                Salutation = "Madame la Maire, Monsieur le Maire,",
                Closing = "Je vous prie d'agréer, Madame la Maire, Monsieur le Maire, l'expression de mes salutations distinguées.",
                Subject = $"Objet : Recours gracieux — verbalisation au moyen d'une caméra non autorisée à cette fin (avis n° {notice} du {noticeDay})",
                Paragraphs = [
                    $"L'avis de contravention n° {notice}, envoyé le {noticeDay}, m'a été adressé pour une infraction constatée {camera}, par vidéoverbalisation.",
                    law,
                    missing,
                    .. Optional(paragraph),
                    "Par le présent recours gracieux, je vous demande :\n– de reconnaître que cette verbalisation n'aurait pas dû avoir lieu et d'en informer l'officier du ministère public, afin que l'amende soit annulée ou, si elle a déjà été payée, remboursée, et que les points retirés de mon permis de conduire me soient restitués ;\n– de suspendre toute verbalisation à partir de ces caméras tant qu'une autorisation couvrant cette finalité n'a pas été délivrée.",
                    "Le silence gardé pendant deux mois à compter de la réception de ce recours vaudra décision implicite de rejet (article L231-4 du code des relations entre le public et l'administration).",
                    Attachments("Pièces jointes :", [$"copie de l'avis de contravention n° {notice}", proofAttachment, .. attachments]),
                ],
            },
        };
    }

    /// <summary>The checklist's chosen items in its order, then the sender's own, one a line.</summary>
    private List<string> CheckedDocuments(ProcedureLetterInput input, Checker check, Dictionary<string, string[]> errors)
    {
        var chosen = input.Documents?.Select(d => d?.Trim().ToLowerInvariant()).ToList();
        var unknown = chosen?.Where(code => !Checklist.Any(item => item.Code == code)).ToList() ?? [];
        if (unknown.Count > 0)
        {
            errors["documents"] = [text["Document inconnu : {0} ; les codes sont {1}.", string.Join(", ", unknown.Take(5)), string.Join(", ", Checklist.Select(i => i.Code))]];
            return [];
        }
        var documents = Checklist.Where(item => chosen is null || chosen.Contains(item.Code)).Select(item => item.Text).ToList();
        documents.AddRange(check.Lines(input.OtherDocuments, "otherDocuments", MaxBlockLength));
        if (documents.Count == 0 && !errors.ContainsKey("otherDocuments"))
        {
            errors["documents"] = ["Choisissez au moins un document, dans la liste ou parmi les vôtres."];
        }
        return documents;
    }

    private static string Bullets(IEnumerable<string> items) => string.Join("\n", items.Select(item => $"– {item}"));

    private static string Attachments(string heading, IEnumerable<string> items) => heading + "\n" + Bullets(items);

    private static string AddressInBrackets(IReadOnlyList<string> address) => address.Count == 0 ? "" : $" ({string.Join(", ", address)})";

    private static IEnumerable<string> Optional(string? paragraph) => paragraph is null ? [] : [paragraph];

    /// <summary>Field checks that add French errors by field and return the cleaned value (null when absent or wrong).</summary>
    private sealed class Checker(Dictionary<string, string[]> errors, DateOnly today, IStringLocalizer localizer)
    {
        private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"];

        public DateOnly Today => today;

        public string? Line(string? value, string field, string? requiredMessage)
        {
            var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
            if (text is null)
            {
                if (requiredMessage is not null) errors[field] = [requiredMessage];
                return null;
            }
            if (text.Length > MaxLineLength)
            {
                errors[field] = [localizer["Une ligne de {0} caractères au plus ({1} donnés).", MaxLineLength, text.Length]];
                return null;
            }
            if (text.Any(char.IsControl))
            {
                errors[field] = ["Une seule ligne, sans caractère de contrôle."];
                return null;
            }
            return text;
        }

        public IReadOnlyList<string> Lines(string? value, string field, int maxLength)
        {
            var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim().ReplaceLineEndings("\n");
            if (text is null) return [];
            if (text.Length > maxLength)
            {
                errors[field] = [localizer["{0:N0} caractères au plus ({1:N0} donnés).", maxLength, text.Length]];
                return [];
            }
            if (HasControlCharacters(text))
            {
                errors[field] = ["Ce champ contient des caractères de contrôle invisibles : retirez-les."];
                return [];
            }
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line.TrimStart('-', '–', '•', '*', ' '))
                .Where(line => line.Length > 0)
                .ToList();
        }

        public string? Paragraph(string? value, string field, string? requiredMessage)
        {
            var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim().ReplaceLineEndings("\n");
            if (text is null)
            {
                if (requiredMessage is not null) errors[field] = [requiredMessage];
                return null;
            }
            if (text.Length > MaxParagraphLength)
            {
                errors[field] = [localizer["Le paragraphe tient en {0:N0} caractères au plus ({1:N0} donnés).", MaxParagraphLength, text.Length]];
                return null;
            }
            if (HasControlCharacters(text))
            {
                errors[field] = ["Le paragraphe contient des caractères de contrôle invisibles : retirez-les."];
                return null;
            }
            return text;
        }

        public DateOnly? Date(string? value, string field, string? requiredMessage)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (requiredMessage is not null) errors[field] = [requiredMessage];
                return null;
            }
            if (!DateOnly.TryParseExact(value.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                errors[field] = ["Date illisible : au format AAAA-MM-JJ (2026-03-15) ou JJ/MM/AAAA (15/03/2026)."];
                return null;
            }
            if (date > today)
            {
                errors[field] = [localizer["Le {0} est dans le futur : indiquez une date passée.", FrenchDates.Format(date)]];
                return null;
            }
            return date;
        }

        private static bool HasControlCharacters(string text) => text.Any(c => char.IsControl(c) && c is not ('\n' or '\t'));
    }
}
