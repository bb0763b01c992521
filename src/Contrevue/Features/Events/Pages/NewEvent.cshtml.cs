using Contrevue.Features.Accounts;
using Contrevue.Features.Territories.Search;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Events.Pages;

/// <summary>A new event of one of the member's collectives (<c>?collectif=</c>), or a national one for moderators.</summary>
[Authorize(Policy = Policies.Member)]
public sealed class NewEventModel(EventService events, Collectives.CollectiveDirectory collectives, TerritoryField territoryField, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public EventForm Form { get; set; } = new();
    [BindProperty(SupportsGet = true, Name = "collectif")] public int? Collective { get; set; }
    public string Organiser { get; private set; } = "";
    public TerritoryFieldView Commune { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }
        var (commune, failed, view) = await Form.CommuneAsync(territoryField, Commune, cancellationToken);
        Commune = view;
        if (failed | !Form.TryReadDossier(ModelState, out var dossier))
        {
            return Page();
        }
        switch (await events.CreateAsync(User, Form.ToInput(Collective, commune, null, dossier), cancellationToken))
        {
            case EventChange.Done(var created):
                return Redirect(created.PagePath);
            case EventChange.Invalid(var errors):
                EventForm.AddErrors(ModelState, errors);
                return Page();
            default:
                return Forbid();
        }
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        if (!await events.MayWriteAsync(User, Collective, cancellationToken))
        {
            return Forbid();
        }
        Organiser = Collective is { } id ? await collectives.NameAsync(id, cancellationToken) : text["La campagne nationale"];
        Commune = new TerritoryFieldView("commune", "Form.Commune", text["Commune du lieu"], Form.Commune) { Required = false, Hint = text["Laissez vide pour un rendez-vous seulement en ligne."] };
        return null;
    }
}
