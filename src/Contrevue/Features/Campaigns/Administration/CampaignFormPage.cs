using Contrevue.Infrastructure.Documents;
using System.Security.Claims;
using Contrevue.Features.Campaigns.Letters;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Administration;

/// <summary>
/// What the new and edit pages share: the form, its errors in place, and the preview of the letter
/// to a sample commune, composed as senders' letters are.
/// </summary>
public abstract class CampaignFormPage(CampaignEditor editor, LetterComposer composer, IStringLocalizer<SharedResource> text) : PageModel
{
    public const string SampleTerritory = "42218";
    public const string SampleParagraph =
        "[Ici, le paragraphe personnel de l'expéditeur : en ses mots, pourquoi la vidéosurveillance algorithmique le concerne, lui, dans sa ville.]";

    protected CampaignEditor Editor { get; } = editor;
    protected IStringLocalizer<SharedResource> Text { get; } = text;

    [BindProperty] public CampaignInput Form { get; set; } = new();

    public string? PreviewText { get; private set; }
    public string? PreviewProblem { get; private set; }

    /// <summary>Checks the form and shows the letter it would give, without saving.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(string? slug, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken) is { } missing)
        {
            return missing;
        }
        var (_, errors) = CampaignEditor.Check(Form, Text);
        AddErrors(errors);
        await PreviewAsync(new Campaign
        {
            Slug = Form.Slug ?? "",
            Title = Form.Title ?? "",
            Demand = Form.Demand ?? "",
            LetterSubject = Form.LetterSubject ?? "",
            LetterTemplate = Form.LetterTemplate ?? "",
        }, cancellationToken);
        return Page();
    }

    /// <summary>Loads what the page is about; a result (not found) when it cannot be shown.</summary>
    protected abstract Task<IActionResult?> LoadAsync(string? slug, CancellationToken cancellationToken);

    protected async Task PreviewAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var request = new LetterRequest(SampleTerritory, Text["Camille Exemple"], "individual", Text[SampleParagraph], "txt");
        switch (await composer.ComposeAsync(campaign, request, cancellationToken))
        {
            case Composition.Composed(var letter, _, _, _):
                PreviewText = LetterTextRenderer.Render(letter);
                break;
            default:
                PreviewProblem = Text["Aperçu impossible : la commune d'exemple (Saint-Étienne, 42218) n'est pas dans les données territoriales."];
                break;
        }
    }

    protected IActionResult Saved(CampaignChange change)
    {
        switch (change)
        {
            case CampaignChange.Saved(var campaign):
                return Redirect($"/admin/campagnes/{campaign.Slug}/modifier?enregistree=true");
            case CampaignChange.Invalid(var errors):
                AddErrors(errors);
                break;
            case CampaignChange.Duplicate(var errors):
                AddErrors(errors);
                break;
            default:
                return NotFound();
        }
        return Page();
    }

    /// <summary>The editor's errors (keyed by API field) under their field, in the visitor's language.</summary>
    protected void AddErrors(Dictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError($"{nameof(Form)}.{char.ToUpperInvariant(field[0])}{field[1..]}", Text[message]);
            }
        }
    }

    protected string? UserId => User.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>The French label of a territory level code.</summary>
    public static string LevelLabel(string code) => code switch
    {
        "commune" => "Communes (le maire)",
        "epci" => "Intercommunalités (EPCI)",
        "departement" => "Départements",
        "region" => "Régions",
        _ => code,
    };
}
