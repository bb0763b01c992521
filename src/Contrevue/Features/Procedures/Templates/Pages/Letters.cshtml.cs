using Contrevue.Infrastructure.Documents;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Procedures.Templates.Pages;

/// <summary>
/// The procedure letter templates without JavaScript and without an account: choose a template,
/// fill the fields, download the PDF or DOCX, or see the text.
/// </summary>
[Infrastructure.Abuse.AbuseResistant(SuccessUrl = "/procedures/modeles")]
public sealed class LettersModel(ProcedureLetters letters, ProcedureService procedures, Infrastructure.Abuse.ExpensiveWorkLimiter limiter, Infrastructure.Web.SiteAddress site, IStringLocalizer<SharedResource> text) : PageModel
{
    public string? PreviewText { get; private set; }

    [BindProperty(SupportsGet = true, Name = "modele")] public string Template { get; set; } = ProcedureLetters.CadaRequest;
    [BindProperty] public string Format { get; set; } = "pdf";
    [BindProperty] public string? SenderName { get; set; }
    /// <summary>Null until posted: a form that leaves it out is told so next to the choice.</summary>
    [BindProperty] public string? SenderKind { get; set; }
    [BindProperty] public string? SenderAddress { get; set; }
    [BindProperty] public string? SenderEmail { get; set; }
    [BindProperty] public string? SenderCity { get; set; }
    [BindProperty] public bool Registered { get; set; }
    [BindProperty] public string? AuthorityName { get; set; }
    [BindProperty] public string? AuthorityAddress { get; set; }
    [BindProperty] public string? Place { get; set; }
    /// <summary>Every item checked on a fresh form; a posted form without any gives an empty list.</summary>
    [BindProperty] public List<string> Documents { get; set; } = [];
    [BindProperty] public string? OtherDocuments { get; set; }
    [BindProperty] public string? RequestDate { get; set; }
    [BindProperty] public string? RefusalDate { get; set; }
    [BindProperty] public string? DecisionTitle { get; set; }
    [BindProperty] public string? DecisionDate { get; set; }
    [BindProperty] public string? PrefectoralOrder { get; set; }
    [BindProperty] public string? NoticeNumber { get; set; }
    [BindProperty] public string? NoticeDate { get; set; }
    [BindProperty] public string? EvidenceUrl { get; set; }
    [BindProperty] public string? Processing { get; set; }
    [BindProperty] public string? Paragraph { get; set; }
    [BindProperty] public string? Attachments { get; set; }

    public string Today => letters.Today().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The procedure whose letter this is (<c>?procedure=</c>), when its collective's member asks: the form starts filled.</summary>
    public string? ProcedureTitle { get; private set; }

    public async Task OnGetAsync(
        [FromQuery(Name = "procedure")] int? procedureId, [FromQuery(Name = "serie")] int? seriesId, [FromQuery(Name = "preuve")] string? evidencePath, CancellationToken cancellationToken)
    {
        Documents = ProcedureLetters.Checklist.Select(item => item.Code).ToList();
        if (!ProcedureLetters.Templates.Any(t => t.Code == Template))
        {
            Template = ProcedureLetters.CadaRequest;
        }
        // An alert's « que faire » gives its dossier's page, the proof to attach; only a dossier's path is taken.
        if (IsDossierPath(evidencePath))
        {
            EvidenceUrl = site.Of(Request).TrimEnd('/') + evidencePath;
        }
        if (procedureId is { } id
            && await procedures.ReadAsync(id, User.FindFirstValue(ClaimTypes.NameIdentifier), cancellationToken) is ProcedureLookup.Visible(var procedure, var collective, true))
        {
            await PrefillAsync(procedure, collective, cancellationToken);
        }
        else if (seriesId is { } series && Template == ProcedureLetters.CadaReferral)
        {
            await PrefillSeriesAsync(series, cancellationToken);
        }
    }

    private static bool IsDossierPath(string? path) =>
        path is { Length: <= 200 } && path.StartsWith("/observatoire/dossiers/", StringComparison.Ordinal)
        && path.Skip("/observatoire/dossiers/".Length).All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>One referral for the requests of a série, to different authorities (CRPA art. R343-3-1).</summary>
    private async Task PrefillSeriesAsync(int seriesId, CancellationToken cancellationToken)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        if (await procedures.ReadSeriesAsync(seriesId, userId, cancellationToken) is not var (series, members) || members.Count == 0)
        {
            return;
        }
        var requests = new List<Procedure>();
        foreach (var member in members.Where(p => p.Kind == ProcedureLetters.CadaRequest))
        {
            if (await procedures.ReadAsync(member.Id, userId, cancellationToken) is ProcedureLookup.Visible(var request, _, true))
            {
                requests.Add(request);
            }
        }
        if (requests.Count == 0)
        {
            return;
        }
        var french = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");
        DateOnly? Sent(Procedure p) => p.Events.Where(e => e.Kind == "sent").Select(e => (DateOnly?)e.On).Min();
        ProcedureTitle = series.Title;
        SenderName = await procedures.CollectiveNameAsync(series.CollectiveId, cancellationToken);
        SenderKind = SenderVoice.CollectiveCode;
        var authorities = requests.Select(r => r.AuthorityName).Distinct().ToList();
        var joined = authorities.Count == 1 ? authorities[0] : $"{string.Join(", ", authorities[..^1])} et {authorities[^1]}";
        AuthorityName = joined.Length <= ProcedureLetters.MaxLineLength ? joined : null;
        RequestDate = requests.Select(Sent).Min()?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var lines = string.Join("\n", requests.Select(r =>
            $"{r.AuthorityName} : {r.Subject.Split('\n', 2)[0].Trim()}{(Sent(r) is { } sent ? $" (demande du {sent.ToString("d MMMM yyyy", french)})" : "")}"));
        OtherDocuments = lines.Length <= ProcedureLetters.MaxBlockLength ? lines : null;
        Paragraph = "Cette saisine regroupe des demandes adressées à plusieurs administrations au sujet du même dispositif : nous vous demandons de les examiner ensemble, comme le permet l'article R343-3-1 du code des relations entre le public et l'administration.";
    }

    /// <summary>What the procedure already knows: who writes, to whom, the documents or the decision, and the dates of the step before.</summary>
    private async Task PrefillAsync(Procedure procedure, string collective, CancellationToken cancellationToken)
    {
        static string? Day(DateOnly? date) => date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        static DateOnly? First(Procedure p, string kind) => p.Events.Where(e => e.Kind == kind).Select(e => (DateOnly?)e.On).Min();
        ProcedureTitle = procedure.Title;
        SenderName = collective;
        // The collective's procedure, in its name; a fine stays its person's.
        SenderKind = Template is ProcedureLetters.ContraventionContest or ProcedureLetters.FineClaim ? SenderVoice.IndividualCode : SenderVoice.CollectiveCode;
        switch (Template)
        {
            case ProcedureLetters.CadaRequest:
                AuthorityName = procedure.AuthorityName;
                OtherDocuments = procedure.Subject;
                break;
            case ProcedureLetters.CadaReferral:
                // The referral tells the CADA about the request before it: its authority, its dates.
                var request = procedure.PreviousProcedureId is { } previousId
                    && await procedures.ReadAsync(previousId, User.FindFirstValue(ClaimTypes.NameIdentifier), cancellationToken) is ProcedureLookup.Visible(var previous, _, true)
                    ? previous : procedure;
                AuthorityName = request.AuthorityName;
                OtherDocuments = request.Subject;
                RequestDate = Day(First(request, "sent"));
                RefusalDate = Day(First(request, "refused"));
                break;
            case ProcedureLetters.AdministrativeAppeal:
                AuthorityName = procedure.AuthorityName;
                DecisionTitle = procedure.Subject.Split('\n', 2)[0].Trim() is { Length: > 0 and <= 300 } title ? title : null;
                DecisionDate = Day(procedure.StartOn);
                break;
            case ProcedureLetters.ContraventionContest or ProcedureLetters.FineClaim:
                AuthorityName = procedure.AuthorityName;
                NoticeDate = Day(procedure.StartOn);
                break;
            default:
                Processing = procedure.Subject.Length <= 2000 ? procedure.Subject : null;
                break;
        }
    }

    /// <summary>The letter as a file.</summary>
    public Task<IActionResult> OnPostAsync() => ComposeAsync(preview: false);

    /// <summary>The letter shown as text on the page.</summary>
    public Task<IActionResult> OnPostPreviewAsync() => ComposeAsync(preview: true);

    private async Task<IActionResult> ComposeAsync(bool preview)
    {
        var input = new ProcedureLetterInput
        {
            Template = Template, Format = preview ? "txt" : Format,
            SenderName = SenderName, SenderKind = SenderKind, SenderAddress = SenderAddress, SenderEmail = SenderEmail, SenderCity = SenderCity, Registered = Registered,
            AuthorityName = AuthorityName, AuthorityAddress = AuthorityAddress, Place = Place,
            Documents = Documents, OtherDocuments = OtherDocuments,
            RequestDate = RequestDate, RefusalDate = RefusalDate,
            DecisionTitle = DecisionTitle, DecisionDate = DecisionDate, PrefectoralOrder = PrefectoralOrder,
            NoticeNumber = NoticeNumber, NoticeDate = NoticeDate, EvidenceUrl = EvidenceUrl,
            Processing = Processing, Paragraph = Paragraph, Attachments = Attachments,
        };
        switch (letters.Compose(Template, input))
        {
            case ProcedureLetterResult.Composed(var letter, var format, var stem):
                if (preview)
                {
                    PreviewText = LetterTextRenderer.Render(letter);
                    return Page();
                }
                if (LetterFiles.IsRendered(format) && !await limiter.TryEnterAsync(HttpContext))
                {
                    ModelState.AddModelError("", limiter.BusyForPage(HttpContext));
                    return Page();
                }
                var file = LetterFiles.Render(letter, format, stem);
                return File(file.Content, file.ContentType, file.FileName);
            case ProcedureLetterResult.Invalid(var errors):
                ModelState.AddModelError("", text["Lettre impossible : vérifiez les champs indiqués."]);
                foreach (var (field, messages) in errors)
                {
                    foreach (var message in messages)
                    {
                        ModelState.AddModelError(Key(field), text[message]);
                    }
                }
                return Page();
            default:
                throw new InvalidOperationException("Unknown composition result.");
        }
    }

    /// <summary>The service's camelCase field names as this form's property names, for the messages next to each field.</summary>
    private static string Key(string field) => char.ToUpperInvariant(field[0]) + field[1..];
}
