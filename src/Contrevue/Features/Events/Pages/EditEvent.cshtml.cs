using Contrevue.Data;
using Contrevue.Features.Accounts;
using Contrevue.Features.Territories.Search;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Events.Pages;

/// <summary>Changing or cancelling an event, by its organisers.</summary>
[Authorize(Policy = Policies.Member)]
public sealed class EditEventModel(EventService events, EventDocuments documents, TerritoryField territoryField, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public EventForm Form { get; set; } = new();
    public Event Event { get; private set; } = null!;
    public TerritoryFieldView Commune { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }
        var names = await documents.TerritoryNamesAsync([Event], cancellationToken);
        Form = EventForm.Of(Event, EventForm.FieldValue(Event.PlaceTerritoryCode, Event.PlaceTerritory is { } place ? names.GetValueOrDefault(place.ToString()) : null));
        Commune = Commune with { Value = Form.Commune };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }
        var (commune, failed, view) = await Form.CommuneAsync(territoryField, Commune with { Value = Form.Commune }, cancellationToken);
        Commune = view;
        if (failed | !Form.TryReadDossier(ModelState, out var dossier))
        {
            return Page();
        }
        var territory = Event.Territory is { } concerned ? concerned.ToString() : null;
        switch (await events.UpdateAsync(User, id, Form.ToInput(Event.CollectiveId, commune, territory, dossier), cancellationToken))
        {
            case EventChange.Done(var saved):
                return Redirect(saved.PagePath);
            case EventChange.Invalid(var errors):
                EventForm.AddErrors(ModelState, errors);
                return Page();
            case EventChange.NotFound:
                return NotFound();
            default:
                return Forbid();
        }
    }

    public async Task<IActionResult> OnPostCancelAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }
        return await events.CancelAsync(User, id, cancellationToken) is EventChange.Done(var cancelled) ? Redirect(cancelled.PagePath) : Forbid();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        if (await events.FindAsync(id, cancellationToken) is not { } found)
        {
            return NotFound();
        }
        if (!await events.MayWriteAsync(User, found.CollectiveId, cancellationToken))
        {
            return Forbid();
        }
        Event = found;
        Commune = new TerritoryFieldView("commune", "Form.Commune", text["Commune du lieu"], Form.Commune) { Required = false, Hint = text["Laissez vide pour un rendez-vous seulement en ligne."] };
        return null;
    }
}
