using Contrevue.Infrastructure.Documents;
using Contrevue.Data;
using Contrevue.Features.Campaigns.Letters;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Features.Territories;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Pages;

/// <summary>
/// The letter composer without JavaScript: the sender fills the form, gets the letter as a file, or
/// sees it as text with a mailto: link to the mairie's address when it is known.
/// </summary>
[Infrastructure.Abuse.AbuseResistant(SuccessUrl = "/campagnes")]
public sealed class ComposeModel(
    ContrevueDbContext db, LetterComposer composer, ParagraphFingerprints fingerprints, Territories.Search.TerritoryField territoryField,
    Infrastructure.Abuse.ExpensiveWorkLimiter limiter, IStringLocalizer<SharedResource> text) : PageModel
{
    public Campaign Campaign { get; private set; } = null!;
    public string? TerritoryName { get; private set; }
    public string? PreviewText { get; private set; }
    /// <summary>The paragraph repeats another sender's word for word.</summary>
    public bool Repeated { get; private set; }
    public string? MailTo { get; private set; }
    /// <summary>The territory field as shown: its value, its error or the candidates of an ambiguous name.</summary>
    public Territories.Search.TerritoryFieldView TerritoryField { get; private set; } = null!;

    [BindProperty(SupportsGet = true)] public string? Territoire { get; set; }

    /// <summary>The next step, « J'ai envoyé ma lettre », with the commune already chosen when it is known.</summary>
    public string SentUrl => $"/campagnes/{Uri.EscapeDataString(Campaign.Slug)}/envoi" + (TerritoryName is null ? "" : $"?territoire={Uri.EscapeDataString(Territoire ?? "")}");

    /// <summary>The step after: the mairie's answer.</summary>
    public string AnswerUrl => $"/campagnes/{Uri.EscapeDataString(Campaign.Slug)}/reponse" + (TerritoryName is null ? "" : $"?territoire={Uri.EscapeDataString(Territoire ?? "")}");
    [BindProperty] public string? SenderName { get; set; }
    /// <summary>Null until posted: a form that leaves it out is told so next to the choice, not written for a person.</summary>
    [BindProperty] public string? SenderKind { get; set; }
    [BindProperty] public string? SenderCity { get; set; }
    [BindProperty] public string? SenderAddress { get; set; }
    [BindProperty] public string? PersonalParagraph { get; set; }
    [BindProperty] public bool Registered { get; set; }
    [BindProperty] public string Format { get; set; } = "pdf";
    /// <summary>The fingerprint of the paragraph already counted in this form, so that a preview then a download count once.</summary>
    [BindProperty] public string? SeenFingerprint { get; set; }
    [BindProperty] public bool DownloadAnyway { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
        {
            return NotFound();
        }
        if (!string.IsNullOrWhiteSpace(Territoire))
        {
            await ReadTerritoryAsync(cancellationToken);
        }
        return Page();
    }

    /// <summary>The letter as a file to print or send.</summary>
    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken) =>
        await ComposeAsync(slug, preview: false, cancellationToken);

    /// <summary>The letter shown as text, with the mailto: link.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(string slug, CancellationToken cancellationToken) =>
        await ComposeAsync(slug, preview: true, cancellationToken);

    private async Task<IActionResult> ComposeAsync(string slug, bool preview, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
        {
            return NotFound();
        }
        if (!await ReadTerritoryAsync(cancellationToken))
        {
            return Page();
        }
        var request = new LetterRequest(Territoire, SenderName, SenderKind, PersonalParagraph, preview ? "txt" : Format, SenderCity, SenderAddress, Registered);
        switch (await composer.ComposeAsync(slug, request, cancellationToken))
        {
            case Composition.Composed(var letter, var format, var mailTo, var territoryName):
                TerritoryName = territoryName;
                var fingerprint = ParagraphFingerprints.Of(Campaign.Id, PersonalParagraph!.Trim());
                if (fingerprint != SeenFingerprint)
                {
                    Repeated = await fingerprints.RecordAsync(Campaign.Id, fingerprint, cancellationToken);
                    SeenFingerprint = fingerprint;
                }
                if (Repeated && !preview && !DownloadAnyway)
                {
                    return Page();
                }
                if (preview)
                {
                    PreviewText = LetterTextRenderer.Render(letter);
                    MailTo = mailTo;
                    return Page();
                }
                // The form keeps the paragraph's fingerprint (SeenFingerprint): sending again does not count it twice.
                if (LetterFiles.IsRendered(format) && !await limiter.TryEnterAsync(HttpContext))
                {
                    ModelState.AddModelError("", limiter.BusyForPage(HttpContext));
                    return Page();
                }
                var file = LetterFiles.Render(letter, format, territoryName);
                return File(file.Content, file.ContentType, file.FileName);
            case Composition.Invalid(var errors):
                ModelState.AddModelError("", text["Lettre impossible : vérifiez les champs indiqués."]);
                foreach (var (field, messages) in errors)
                {
                    foreach (var message in messages)
                    {
                        ModelState.AddModelError(FieldKey(field), text[message]);
                    }
                }
                return Page();
            case Composition.CampaignClosed:
                // The page says it is closed, in place of the form.
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            default:
                return NotFound();
        }
    }

    /// <summary>The field as people fill it (a name, a postal code, a code); false when it shows an error or candidates.</summary>
    private async Task<bool> ReadTerritoryAsync(CancellationToken cancellationToken)
    {
        var (found, view) = await territoryField.ReadTerritoryFieldAsync(Campaign, Territoire, TerritoryField, cancellationToken);
        TerritoryField = view;
        if (found is null)
        {
            return false;
        }
        Territoire = found.Territory.ToString();
        TerritoryName = found.Name;
        return true;
    }

    /// <summary>The composer's field names as this form's, for the message next to each field.</summary>
    private static string FieldKey(string field) => field switch
    {
        "territory" => nameof(Territoire),
        "senderName" => nameof(SenderName),
        "senderKind" => nameof(SenderKind),
        "senderCity" => nameof(SenderCity),
        "senderAddress" => nameof(SenderAddress),
        "personalParagraph" => nameof(PersonalParagraph),
        "format" => nameof(Format),
        _ => "",
    };

    private async Task<bool> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        var campaign = await db.Set<Campaign>().AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, cancellationToken);
        if (campaign is null)
        {
            return false;
        }
        Campaign = campaign;
        TerritoryField = new Territories.Search.TerritoryFieldView("territoire", nameof(Territoire), text["Commune"], Territoire)
        {
            Hint = text["Son nom (« saint etienne »), son code postal ou son code INSEE : la lettre est adressée à sa mairie."],
        };
        return true;
    }
}
