using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Contrevue.Features.Kit.Pages;

/// <summary>The fields of a new resource, as the form posts them.</summary>
public sealed class KitForm
{
    public string? Kind { get; set; } = "brochure";
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? Language { get; set; } = "fr";
    public string? Licence { get; set; } = KitCodes.DefaultLicence;
    /// <summary>A collective's id, or "" for the campaign (moderators).</summary>
    public string? Author { get; set; }
    public List<string> Formats { get; set; } = [];
    /// <summary>Comma-separated.</summary>
    public string? Tags { get; set; }
    public string? Changelog { get; set; }

    public int? CollectiveId => int.TryParse(Author, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

    public KitResourceInput ToInput() => new(Kind, Title, Description, Language, Licence, CollectiveId, Formats,
        [.. (Tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]);

    /// <summary>The service's errors on the form's fields (their keys are the API's).</summary>
    public static void AddErrors(ModelStateDictionary state, Dictionary<string, string[]> errors, string prefix = "Form.")
    {
        foreach (var (field, messages) in errors)
        {
            var key = field switch
            {
                "files" => "Files",
                "versions" => "Files",
                _ => prefix + char.ToUpperInvariant(field[0]) + field[1..],
            };
            foreach (var message in messages)
            {
                state.AddModelError(key, message);
            }
        }
    }
}
