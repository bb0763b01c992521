using System.Text.RegularExpressions;
using Contrevue.Data;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Mentions;
using Contrevue.Features.Territories.Search;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Veille;

/// <summary>
/// A field of several territories as people type them, separated by commas or new lines: names
/// (« Sète, saint etienne, Auvergne-Rhône-Alpes »), a name with its département (« Saint-Denis (93) »),
/// département numbers (« 93 »), postal codes, INSEE codes and references (« departement:42 »). Each entry
/// is read through the territories' seams: exact names by <see cref="TerritoryMentions.NamedAsync"/>,
/// the rest (postal codes, misspellings, intercommunalités) by the territory search's
/// <see cref="TerritoryField"/>. A name several territories bear comes back with its candidates, for the
/// form to ask which (radio buttons); a pick answers it on the next post (<see cref="TerritoryPick"/>).
/// Used by the article forms, the moderators' review and the API; a feed's review queue may use it too.
/// </summary>
public sealed partial class TerritoryListField(
    TerritoryMentions mentions, TerritoryField search, ContrevueDbContext db, IStringLocalizer<SharedResource> text)
{
    /// <summary>More entries than this are not read: the form says so.</summary>
    public const int MaxEntries = 100;
    public const int MaxEntryLength = 200;
    public const int MaxLength = 4_000;

    /// <summary>The entries of a field: split on commas, semicolons and new lines, trimmed, empty ones dropped, each once.</summary>
    public static List<string> Entries(string? value) =>
        [.. (value ?? "").Split([',', ';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>Reads a field's text, the answers to a previous question applied first.</summary>
    public Task<TerritoryListResult> ResolveAsync(string? value, IReadOnlyList<TerritoryPick>? picks, CancellationToken cancellationToken)
    {
        var entries = Entries(value);
        var picked = Apply(entries, picks);
        // The text shown again is the one typed, unless a pick changed it: then the entries, picks in place.
        return ResolveEntriesAsync(entries, picked ? string.Join(", ", entries) : value?.Trim() ?? "", cancellationToken);
    }

    /// <summary>Reads a list of entries (the API's <c>territories</c>): codes, references or names.</summary>
    public Task<TerritoryListResult> ResolveAsync(IEnumerable<string> entries, CancellationToken cancellationToken)
    {
        var list = entries.SelectMany(e => Entries(e)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return ResolveEntriesAsync(list, string.Join(", ", list), cancellationToken);
    }

    /// <summary>The question for one name (a suggestion the moderator may take): its candidates, or null when it names one territory or none.</summary>
    public async Task<TerritoryQuestion?> AskAsync(string name, CancellationToken cancellationToken) =>
        await ResolveEntryAsync(name, cancellationToken) as TerritoryQuestion;

    private async Task<TerritoryListResult> ResolveEntriesAsync(List<string> entries, string shown, CancellationToken cancellationToken)
    {
        var found = new List<TerritoryChoice>();
        var questions = new List<TerritoryQuestion>();
        var errors = new List<string>();
        if (shown.Length > MaxLength || entries.Count > MaxEntries)
        {
            errors.Add(text["Au plus {0} territoires, en {1} caractères.", MaxEntries, MaxLength]);
            return new TerritoryListResult(found, questions, errors, shown.Length > MaxLength ? shown[..MaxLength] : shown);
        }
        foreach (var entry in entries)
        {
            switch (await ResolveEntryAsync(entry, cancellationToken))
            {
                case TerritoryChoice territory:
                    if (!found.Any(f => f.Territory == territory.Territory))
                    {
                        found.Add(territory);
                    }
                    break;
                case TerritoryQuestion question:
                    questions.Add(question);
                    break;
                case string error:
                    errors.Add(error);
                    break;
            }
        }
        return new TerritoryListResult(found, questions, errors, shown)
        {
            Prompt = questions.Count == 0 ? null : text["Précisez ci-dessous de quel territoire il s'agit."].Value,
        };
    }

    /// <summary>One entry: a <see cref="TerritoryChoice"/>, a <see cref="TerritoryQuestion"/> or an error (a string naming the entry).</summary>
    private async Task<object> ResolveEntryAsync(string entry, CancellationToken cancellationToken)
    {
        if (entry.Length > MaxEntryLength || entry.Any(char.IsControl))
        {
            return text["« {0} » : un territoire s'écrit en {1} caractères au plus.", Shorten(entry), MaxEntryLength].Value;
        }
        // A code, a reference, or « Saint-Étienne (42218) » as a pick or the search's combobox fills it.
        var code = Chosen().Match(entry) is { Success: true } chosen ? chosen.Groups["code"].Value : entry;
        // A bare five-letter word (« Paris », « Lyon ») is a name, not a code.
        if ((code.Contains(':') || BareCode().IsMatch(code)) && TerritoryReference.TryParse(code, out var reference))
        {
            if (await db.NameOfAsync(reference.Value, cancellationToken) is { } name)
            {
                return await ChoiceAsync(reference.Value, name, cancellationToken);
            }
            // Five digits that are no INSEE code may be a postal code.
            if (!(reference.Value.Kind == TerritoryKind.Commune && PostalCode().IsMatch(entry)))
            {
                return text["Territoire inconnu : {0}.", reference.Value.ToString()].Value;
            }
        }
        if (!ReferenceLike().IsMatch(entry))
        {
            var named = await mentions.NamedAsync(entry, cancellationToken);
            if (named.Count == 1)
            {
                return Choice(named[0]);
            }
            if (named.Count > 1)
            {
                return new TerritoryQuestion(entry, [.. named.Select(Choice)],
                    text["« {0} » : plusieurs territoires portent ce nom. Lequel ?", Shorten(entry)]);
            }
        }
        switch (await search.ResolveAsync(entry, [], cancellationToken))
        {
            case TerritoryFieldResult.Found(var territory, var name):
                return await ChoiceAsync(territory, name, cancellationToken);
            case TerritoryFieldResult.Ambiguous(var choices, _):
                return new TerritoryQuestion(entry, choices, text["« {0} » : plusieurs territoires y répondent. Lequel ?", Shorten(entry)]);
            default:
                return text["« {0} » : aucun territoire de ce nom ni de ce code. Vérifiez l'orthographe, ou donnez son code postal ou son code INSEE.", Shorten(entry)].Value;
        }
    }

    private TerritoryChoice Choice(NamedTerritory named) => new(named.Territory, named.Name, named.Territory.Kind switch
    {
        TerritoryKind.Region => text["Région"],
        TerritoryKind.Departement => text["Département ({0})", named.Territory.Code],
        _ => named.DepartementName is { } departement ? $"{departement} ({named.DepartementCode})" : named.DepartementCode ?? "",
    });

    /// <summary>A territory found by its code: described as the named ones are, through the names seam when it can.</summary>
    private async Task<TerritoryChoice> ChoiceAsync(TerritoryReference reference, string name, CancellationToken cancellationToken) =>
        (await mentions.NamedAsync(name, cancellationToken)).FirstOrDefault(n => n.Territory == reference) is { } named
            ? Choice(named) with { Name = name }
            : new TerritoryChoice(reference, name, reference.Kind == TerritoryKind.Epci ? text["Intercommunalité"] : "");

    /// <summary>
    /// Puts each pick in place of the entry it answers (« Saint-Denis » → « Saint-Denis (93066) »), or adds it
    /// when the field did not hold that entry (a suggestion taken). An empty pick (« aucun ») changes nothing.
    /// </summary>
    private static bool Apply(List<string> entries, IReadOnlyList<TerritoryPick>? picks)
    {
        var changed = false;
        foreach (var pick in picks ?? [])
        {
            var value = pick.Value?.Trim();
            if (string.IsNullOrEmpty(value) || value.Length > MaxEntryLength || value.Contains(',') || value.Contains('\n'))
            {
                continue;
            }
            var at = entries.FindIndex(e => string.Equals(e, pick.Entry?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (at >= 0)
            {
                entries[at] = value;
            }
            else if (!entries.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                entries.Add(value);
            }
            changed = true;
        }
        return changed;
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "…";

    [GeneratedRegex(@"\((?<code>[^()]{2,40})\)\s*$")]
    private static partial Regex Chosen();

    [GeneratedRegex(@"^[0-9]{5}$")]
    private static partial Regex PostalCode();

    /// <summary>An INSEE code: five digits, or Corsica's 2A/2B and three.</summary>
    [GeneratedRegex(@"^\s*(?:[0-9]{5}|2[AaBb][0-9]{3})\s*$")]
    private static partial Regex BareCode();

    /// <summary>« departement:999 », « 2A004 »: meant as a code, not as a name.</summary>
    [GeneratedRegex(@"^(?:[\p{L}]+:\S+|[0-9][0-9AB][0-9]{3})$")]
    private static partial Regex ReferenceLike();
}

/// <summary>A field read: the territories found, in the order typed; the questions to ask; the errors, each naming its entry; the text to show again.</summary>
public sealed record TerritoryListResult(
    IReadOnlyList<TerritoryChoice> Territories, IReadOnlyList<TerritoryQuestion> Questions, IReadOnlyList<string> Errors, string Text)
{
    public bool IsComplete => Questions.Count == 0 && Errors.Count == 0;

    /// <summary>When there are questions: the line shown by the field, pointing to them.</summary>
    public string? Prompt { get; init; }

    /// <summary>The references the articles' input takes: « 34301 », « departement:93 ».</summary>
    public IReadOnlyList<string> References => [.. Territories.Select(t => t.Territory.Kind == TerritoryKind.Commune ? t.Territory.Code : t.Territory.ToString())];

    /// <summary>The field's text with every territory exact and readable: « Sète (34301), Seine-Saint-Denis (departement:93) ».</summary>
    public string ExactText => string.Join(", ", Territories.Select(t => t.FieldValue));

    /// <summary>Every problem in one line (the API's 400): errors, then each question with its candidates.</summary>
    public IEnumerable<string> Problems(IStringLocalizer text) =>
        Errors.Concat(Questions.Select(q => text["« {0} » : plusieurs territoires portent ce nom ({1}) ; donnez son code.", q.Entry,
            string.Join(" ; ", q.Choices.Select(c => string.Join(", ", new[] { c.Name, c.Detail }.Where(part => part.Length > 0))
                + " : " + (c.Territory.Kind == TerritoryKind.Commune ? c.Territory.Code : c.Territory.ToString())))].Value));
}

/// <summary>An entry several territories answer, their list, and the French question naming it.</summary>
public sealed record TerritoryQuestion(string Entry, IReadOnlyList<TerritoryChoice> Choices, string Message);

/// <summary>The answer to a question, as a form posts it: the entry asked about, and the chosen territory's field value (empty: none).</summary>
public sealed class TerritoryPick
{
    public string? Entry { get; set; }
    public string? Value { get; set; }
}

/// <summary>What <c>_TerritoryQuestions.cshtml</c> renders: the questions, the form's name of the picks (« Form.Picks »), and whether « none » is offered (suggestions).</summary>
public sealed record TerritoryQuestionsView(string Prefix, IReadOnlyList<TerritoryQuestion> Questions, bool OfferNone = false)
{
    public const string PartialName = "/Features/Veille/Pages/_TerritoryQuestions.cshtml";
}
