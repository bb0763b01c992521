using System.Globalization;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Search;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Contrevue.Features.Events.Pages;

/// <summary>The event form's fields, as a browser posts them (datetime-local times, dates one per line or comma).</summary>
public sealed partial class EventForm
{
    public string? Title { get; set; }
    public string? Kind { get; set; } = "information-meeting";
    public string? Start { get; set; }
    public string? End { get; set; }
    public string? Recurrence { get; set; }
    public string? Exceptions { get; set; }
    public bool Online { get; set; }
    public string? OnlineUrl { get; set; }
    public string? Address { get; set; }
    public string? Commune { get; set; }
    public string? Description { get; set; }
    public int? Capacity { get; set; }
    public bool Approval { get; set; }
    /// <summary>A dossier's number or the address of its page, for a council session.</summary>
    public string? Dossier { get; set; }

    public static EventForm Of(Event e, string? communeField) => new()
    {
        Title = e.Title, Kind = e.Kind, Start = e.LocalStart, End = e.LocalEnd, Recurrence = e.Recurrence,
        Exceptions = e.Exceptions?.Replace(",", ", ", StringComparison.Ordinal), Online = e.Online, OnlineUrl = e.OnlineUrl, Address = e.Address,
        Commune = communeField, Description = e.Description, Capacity = e.Capacity, Approval = e.Approval,
        Dossier = e.DossierId?.ToString(CultureInfo.InvariantCulture),
    };

    public EventInput ToInput(int? collectiveId, string? commune, string? territory, int? dossier) => new(
        Title, Kind, collectiveId, Start, End, Recurrence,
        [.. (Exceptions ?? "").Split([',', ';', ' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)],
        Online, Online ? OnlineUrl : null, new EventPlaceInput(Address, commune), territory, Description, Capacity, Approval, dossier);

    /// <summary>Reads the dossier field ("12" or ".../observatoire/dossiers/12-slug"): false, with the field's error, when unreadable.</summary>
    public bool TryReadDossier(ModelStateDictionary state, out int? dossier)
    {
        dossier = null;
        var text = Dossier?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        var match = DossierReference().Match(text);
        if (match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            dossier = id;
            return true;
        }
        state.AddModelError("Form.Dossier", "Donnez le numéro du dossier ou l'adresse de sa page (…/observatoire/dossiers/12-…).");
        return false;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:(?:https?://[^/\s]+)?/observatoire/dossiers/)?(\d{1,9})(?:-\S*)?/?$")]
    private static partial System.Text.RegularExpressions.Regex DossierReference();

    /// <summary>Reads the commune field: null when empty (an online event), its code when found; its view either way.</summary>
    public async Task<(string? Code, bool Failed, TerritoryFieldView View)> CommuneAsync(TerritoryField field, TerritoryFieldView view, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Commune))
        {
            return (null, false, view);
        }
        var result = await field.ResolveAsync(Commune, [TerritoryKind.Commune], cancellationToken);
        return result is TerritoryFieldResult.Found found
            ? (found.Territory.Code, false, view with { Value = $"{found.Name} ({found.Territory.Code})" })
            : (null, true, view.With(result));
    }

    /// <summary>The service's errors, by API field, put on the form's fields.</summary>
    public static void AddErrors(ModelStateDictionary state, Dictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in errors)
        {
            var key = field switch
            {
                "place.territory" => "Form.Commune",
                "place.address" => "Form.Address",
                _ => "Form." + char.ToUpperInvariant(field[0]) + field[1..],
            };
            foreach (var message in messages)
            {
                state.AddModelError(key, message);
            }
        }
    }

    public static string? FieldValue(string? code, string? name) => code is null ? null : $"{name} ({code})";

    public static string Today(TimeProvider time) => Infrastructure.Time.ParisCalendar.Today(time).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
