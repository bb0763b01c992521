using Contrevue.Infrastructure.Text;
using Contrevue.Infrastructure.History;
using Contrevue.Infrastructure.Audit;
using System.Globalization;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Moderation;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire.History;

public abstract record RevertOutcome
{
    public sealed record Done(Revision Revision) : RevertOutcome;
    public sealed record Refused(string Reason) : RevertOutcome;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : RevertOutcome;
}

/// <summary>
/// A dossier's revisions (each holds the whole dossier before and after), as changes field by field,
/// and the revert of the latest one.
/// </summary>
public sealed class DossierHistory(ContrevueDbContext db, DossierService dossiers, AuditLog audit)
{
    public const string SystemAuthorKind = "system";
    public const string SystemAuthorLabel = "Contrevue (automatique)";

    /// <summary>The fields in reading order; a field added to the document later comes after them.</summary>
    private static readonly string[] Order =
    [
        "title", "summary", "authority", "territory", "technologies", "vendors", "status", "statusSince", "timeline",
        "cameraCount", "budgetEur", "funders", "authorization", "experimentation", "location", "sources", "hiddenSources",
        "hidden", "fictional",
    ];

    /// <summary>Computed or derived from another field: never a change of their own.</summary>
    private static readonly HashSet<string> Ignored = ["id", "slug", "flags", "updatedAt"];

    public Task<List<Revision>> RevisionsAsync(int dossierId, CancellationToken cancellationToken) =>
        db.Set<Revision>().AsNoTracking()
            .Where(r => r.EntityType == DossierService.EntityType && r.EntityKey == DossierService.EntityKey(dossierId))
            .OrderByDescending(r => r.Id)
            .ToListAsync(cancellationToken);

    public async Task<List<RevisionDto>> ForAsync(int dossierId, CancellationToken cancellationToken) =>
        [.. (await RevisionsAsync(dossierId, cancellationToken)).Select(AsDto)];

    public static RevisionDto AsDto(Revision revision) => new(
        revision.Id, revision.CreatedAt, Author(revision), revision.Reason, Diff(revision.Before, revision.After), revision.RevertsRevisionId);

    /// <summary>As <see cref="RevisionHistory.Author"/>; a revision without author was made by the platform itself (reports).</summary>
    public static RevisionAuthor Author(Revision revision) =>
        revision.AuthorUserId is null && revision.AuthorProposalId is null
            ? new RevisionAuthor(SystemAuthorKind, SystemAuthorLabel, null)
            : RevisionAuthor.Of(revision);

    /// <summary>
    /// The top-level fields of the dossier document that differ, as text (codes, not labels: the API
    /// speaks codes, the page translates them). Sources are compared one by one: added, removed and
    /// modified by title, and the titles of the hidden ones as a field of their own.
    /// </summary>
    public static IReadOnlyList<FieldChange> Diff(string? before, string? after)
    {
        var old = Read(before);
        var current = Read(after);
        var names = old.EnumerateObject().Select(p => p.Name).Concat(current.EnumerateObject().Select(p => p.Name))
            .Where(n => !Ignored.Contains(n)).Append("hiddenSources").Distinct()
            .OrderBy(n => Array.IndexOf(Order, n) is var i && i < 0 ? int.MaxValue : i).ToList();
        var changes = new List<FieldChange>();
        foreach (var name in names)
        {
            switch (name)
            {
                case "sources":
                    changes.AddRange(SourceChanges(Sources(old), Sources(current)));
                    break;
                case "hiddenSources":
                    var (hiddenBefore, hiddenAfter) = HiddenSourceTitles(Sources(old), Sources(current));
                    if (hiddenBefore != hiddenAfter)
                    {
                        changes.Add(new FieldChange(name, hiddenBefore, hiddenAfter));
                    }
                    break;
                default:
                    var was = Text(Property(old, name));
                    var now = Text(Property(current, name));
                    if (was != now)
                    {
                        changes.Add(new FieldChange(name, was, now));
                    }
                    break;
            }
        }
        return changes;
    }

    /// <summary>The French label of a field (the key of its English translation).</summary>
    public static string FieldLabel(string field) => field switch
    {
        "title" => "Titre",
        "summary" => "Résumé",
        "authority" => "Autorité",
        "territory" => "Territoire",
        "technologies" => "Technologies",
        "vendors" => "Fournisseurs",
        "status" => "Statut",
        "statusSince" => "Statut depuis le",
        "timeline" => "Chronologie",
        "cameraCount" => "Nombre de caméras",
        "budgetEur" => "Budget (€)",
        "funders" => "Financements",
        "authorization" => "Autorisation préfectorale",
        "experimentation" => "Expérimentation JO",
        "location" => "Localisation",
        "sources" => "Source",
        "hiddenSources" => "Sources masquées",
        "hidden" => "Dossier masqué",
        "fictional" => "Données fictives",
        _ => field,
    };

    /// <summary>
    /// The revert a moderator may make here: only the latest revision, and not a hiding or restoring
    /// (those are decided in the reports queue). Restoring the "before" of the latest revision then
    /// undoes exactly that revision, and nothing written after it.
    /// </summary>
    public static string? WhyNotRevertible(Revision revision, Revision latest)
    {
        if (revision.Id != latest.Id)
        {
            return "Seule la dernière révision peut être annulée ici.";
        }
        if (revision.Before is null)
        {
            return "La création d'un dossier ne s'annule pas.";
        }
        var changes = Diff(revision.Before, revision.After);
        if (changes.Count == 0)
        {
            return "Cette révision ne change aucun champ : rien à annuler.";
        }
        if (changes.Any(c => c.Field is "hidden" or "hiddenSources"))
        {
            return "Un masquage ou un rétablissement se décide dans la file des signalements.";
        }
        return null;
    }

    public async Task<RevertOutcome> RevertAsync(int dossierId, int revisionId, string moderatorId, string? reason, CancellationToken cancellationToken)
    {
        var revisions = await RevisionsAsync(dossierId, cancellationToken);
        var revision = revisions.FirstOrDefault(r => r.Id == revisionId);
        if (revision is null)
        {
            return new RevertOutcome.Refused("Révision introuvable pour ce dossier.");
        }
        if (WhyNotRevertible(revision, revisions[0]) is { } refusal)
        {
            return new RevertOutcome.Refused(refusal);
        }
        var restored = JsonSerializer.Deserialize<DossierDocument>(revision.Before!, DossierService.Json)!;
        // A source the revision removed is gone: it comes back as a new source. Unless it was hidden:
        // it would come back visible, and hidden sources may hold the personal data reports were about.
        var current = await dossiers.FindAsync(dossierId, cancellationToken);
        var existing = current?.Sources.Select(s => s.Id).ToHashSet() ?? [];
        restored = restored with
        {
            Sources = [.. (restored.Sources ?? [])
                .Where(s => s.Id is not { } id || existing.Contains(id) || !s.Hidden)
                .Select(s => s.Id is { } id && !existing.Contains(id) ? s with { Id = null } : s)],
        };
        reason = string.IsNullOrWhiteSpace(reason) ? $"Annulation de la révision n° {revision.Id}" : reason.Trim();
        switch (await dossiers.UpdateAsync(dossierId, restored, moderatorId, reason, revision.Id, cancellationToken))
        {
            case DossierChange.Saved(_, var revert):
                audit.Record(moderatorId, "revision.revert", $"revision:{revision.Id}", revision.EntityKey);
                await db.SaveChangesAsync(cancellationToken);
                return new RevertOutcome.Done(revert);
            case DossierChange.Invalid(var errors):
                return new RevertOutcome.Invalid(errors);
            default:
                return new RevertOutcome.Refused("Dossier introuvable.");
        }
    }

    private static JsonElement Read(string? json)
    {
        // Through the document type, so that both sides carry the same defaults (a creation has no "before").
        var document = string.IsNullOrEmpty(json) ? new DossierDocument() : JsonSerializer.Deserialize<DossierDocument>(json, DossierService.Json) ?? new DossierDocument();
        return JsonSerializer.SerializeToElement(document, DossierService.Json);
    }

    private static JsonElement? Property(JsonElement document, string name) =>
        document.TryGetProperty(name, out var value) ? value : null;

    private static Dictionary<int, JsonElement> Sources(JsonElement document)
    {
        var sources = new Dictionary<int, JsonElement>();
        if (document.TryGetProperty("sources", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var source in list.EnumerateArray())
            {
                if (source.TryGetProperty("id", out var id) && id.TryGetInt32(out var key))
                {
                    sources[key] = source;
                }
            }
        }
        return sources;
    }

    private static IEnumerable<FieldChange> SourceChanges(Dictionary<int, JsonElement> before, Dictionary<int, JsonElement> after)
    {
        foreach (var (id, source) in before.Where(s => !after.ContainsKey(s.Key)).OrderBy(s => s.Key))
        {
            yield return new FieldChange("sources", TitleOf(source), null);
        }
        foreach (var (id, source) in after.OrderBy(s => s.Key))
        {
            if (!before.TryGetValue(id, out var was))
            {
                yield return new FieldChange("sources", null, TitleOf(source));
            }
            else if (Describe(was) is var old && Describe(source) is var now && old != now)
            {
                yield return new FieldChange("sources", old, now);
            }
        }
    }

    private static (string? Before, string? After) HiddenSourceTitles(Dictionary<int, JsonElement> before, Dictionary<int, JsonElement> after)
    {
        // Only the sources on both sides: one added or removed is a change of "sources" already.
        var kept = before.Keys.Intersect(after.Keys).Order().ToList();
        string? Titles(Dictionary<int, JsonElement> side) => Join(kept.Where(id => IsHidden(side[id])).Select(id => TitleOf(side[id])), "; ");
        return (Titles(before), Titles(after));
    }

    private static bool IsHidden(JsonElement source) => source.TryGetProperty("hidden", out var hidden) && hidden.ValueKind == JsonValueKind.True;

    private static string? TitleOf(JsonElement source) => source.TryGetProperty("title", out var title) ? title.GetString() : null;

    /// <summary>A source in one line, without its id and its hidden flag (that has a field of its own).</summary>
    private static string? Describe(JsonElement source) =>
        Join(source.EnumerateObject().Where(p => p.Name is not ("id" or "hidden")).Select(p => Text(p.Value)), " · ");

    /// <summary>One line of text for any JSON value: lists joined, objects as their values joined.</summary>
    private static string? Text(JsonElement? element) => element switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } e => e.GetString() is { Length: > 0 } s ? s : null,
        { ValueKind: JsonValueKind.Number } e => e.GetRawText(),
        { ValueKind: JsonValueKind.True } => "true",
        { ValueKind: JsonValueKind.False } => "false",
        { ValueKind: JsonValueKind.Array } e => Join(e.EnumerateArray().Select(i => Text(i)),
            e.EnumerateArray().Any(i => i.ValueKind == JsonValueKind.Object) ? "; " : ", "),
        { ValueKind: JsonValueKind.Object } e => Join(e.EnumerateObject().Where(p => p.Name != "slug").Select(p => Text(p.Value)), " · "),
        _ => null,
    };

    private static string? Join(IEnumerable<string?> parts, string separator) =>
        string.Join(separator, parts.Where(p => !string.IsNullOrEmpty(p))) is { Length: > 0 } text ? text : null;

    /// <summary>A value as the page shows it: codes of enumerations as their French labels.</summary>
    public static string? DisplayValue(string field, string? value, Func<string, string> translate)
    {
        if (value is null)
        {
            return null;
        }
        return field switch
        {
            "status" => ObservatoireCodes.Statuses.TryParse(value, out var status) ? translate(ObservatoireCodes.Statuses.Label(status)) : value,
            "technologies" => string.Join(", ", value.Split(", ").Select(code =>
                ObservatoireCodes.Technologies.TryParse(code, out var technology) ? translate(ObservatoireCodes.Technologies.Label(technology)) : code)),
            "hidden" or "fictional" => translate(value == "true" ? "Oui" : "Non"),
            "statusSince" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date.ToString("d MMMM yyyy", CultureInfo.CurrentCulture) : value,
            _ => value,
        };
    }
}
