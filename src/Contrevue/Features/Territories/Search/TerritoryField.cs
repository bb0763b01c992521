using System.Text.RegularExpressions;
using Contrevue.Data;
using Contrevue.Infrastructure;
using Contrevue.Infrastructure.Text;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Territories.Search;

/// <summary>What a territory field gave: one territory, several to choose from, or an error to show next to the field.</summary>
[Seam]
public abstract record TerritoryFieldResult
{
    private TerritoryFieldResult()
    {
    }

    public sealed record Found(TerritoryReference Territory, string Name) : TerritoryFieldResult;

    /// <summary>Several territories answer the text: the form lists them (radio buttons) for the visitor to choose.</summary>
    public sealed record Ambiguous(IReadOnlyList<TerritoryChoice> Choices, string Message) : TerritoryFieldResult;

    public sealed record Invalid(string Message) : TerritoryFieldResult;
}

/// <summary>One territory offered for a field: its reference (the value sent back) and how it reads.</summary>
[Seam]
public sealed record TerritoryChoice(TerritoryReference Territory, string Name, string Detail)
{
    /// <summary>What the field holds once this one is chosen: readable, and exact (« Saint-Étienne (42218) »).</summary>
    public string FieldValue => Territory.Kind == TerritoryKind.Commune ? $"{Name} ({Territory.Code})" : $"{Name} ({Territory})";
}

/// <summary>
/// Every form's territory field: a name as people type it (accents, « st », a postal code), or a code
/// (42218, departement:42, epci:…). A name borne by one territory, or a text that one search result
/// answers exactly, is taken at once; otherwise the form offers the candidates. With JavaScript the
/// field is a combobox over the search suggestions (<c>suggest.js</c>), which fills in
/// <see cref="TerritoryChoice.FieldValue"/>.
/// </summary>
[Seam]
public sealed partial class TerritoryField(TerritorySearch search, ContrevueDbContext db, IStringLocalizer<SharedResource> text)
{
    public const int MaxLength = TerritorySearch.MaxQueryLength;
    private const int MostChoices = 8;

    /// <summary>Reads the field; only the <paramref name="kinds"/> given are accepted (all when empty).</summary>
    public async Task<TerritoryFieldResult> ResolveAsync(string? value, IReadOnlyCollection<TerritoryKind> kinds, CancellationToken cancellationToken)
    {
        var typed = (value ?? "").Trim();
        if (typed.Length == 0)
        {
            return new TerritoryFieldResult.Invalid(text["Indiquez la commune : son nom, son code postal ou son code INSEE."]);
        }
        if (typed.Length > MaxLength || typed.Any(char.IsControl))
        {
            return new TerritoryFieldResult.Invalid(text["Nom de territoire invalide : {0} caractères au plus, sans caractère de contrôle.", MaxLength]);
        }
        bool Accepted(TerritoryKind kind) => kinds.Count == 0 || kinds.Contains(kind);

        // « Saint-Étienne (42218) », as the combobox and the choice list fill it, or a bare code.
        var code = ChosenPattern().Match(typed) is { Success: true } chosen ? chosen.Groups["code"].Value : typed;
        if (TerritoryReference.TryParse(code, out var reference) && await db.NameOfAsync(reference.Value, cancellationToken) is { } name)
        {
            return Accepted(reference.Value.Kind)
                ? new TerritoryFieldResult.Found(reference.Value, name)
                : new TerritoryFieldResult.Invalid(kinds.SequenceEqual([TerritoryKind.Commune])
                    ? text["{0} n'est pas une commune : indiquez une commune.", name]
                    : text["{0} n'est pas du type de territoire attendu ici.", name]);
        }
        if (code.Contains(':'))
        {
            return new TerritoryFieldResult.Invalid(text["Territoire inconnu : {0}.", code]);
        }
        var looksLikeACode = reference is not null;

        var results = await search.SearchAsync(typed, MostChoices, cancellationToken);
        var choices = results.Communes
            .Select(c => new TerritoryChoice(new TerritoryReference(TerritoryKind.Commune, c.Code), c.Name, $"{c.Departement.Name} ({c.Departement.Code})"))
            .Concat(results.Departements.Select(d => new TerritoryChoice(new TerritoryReference(TerritoryKind.Departement, d.Code), d.Name, text["Département ({0})", d.Code])))
            .Concat(results.Epcis.Select(e => new TerritoryChoice(new TerritoryReference(TerritoryKind.Epci, e.Siren), e.Name, EpciKinds.Label(e.Kind, text))))
            .Where(c => Accepted(c.Territory.Kind))
            .Take(MostChoices)
            .ToList();
        if (choices.Count == 0)
        {
            return new TerritoryFieldResult.Invalid(looksLikeACode
                ? text["Aucune commune n'a le code « {0} » (ni comme code INSEE, ni comme code postal).", Shorten(typed)]
                : text["Aucune commune ne correspond à « {0} » : vérifiez l'orthographe, ou donnez son code postal.", Shorten(typed)]);
        }
        var normalized = SearchText.Normalize(typed);
        var sameName = choices.Where(c => SearchText.Normalize(c.Name) == normalized).ToList();
        if (sameName.Count == 1)
        {
            return new TerritoryFieldResult.Found(sameName[0].Territory, sameName[0].Name);
        }
        if (choices.Count == 1)
        {
            return new TerritoryFieldResult.Found(choices[0].Territory, choices[0].Name);
        }
        return new TerritoryFieldResult.Ambiguous(
            sameName.Count > 1 ? sameName : choices,
            text["Plusieurs territoires répondent à « {0} » : choisissez le vôtre.", Shorten(typed)]);
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "…";

    [GeneratedRegex(@"\((?<code>[^()]{2,40})\)\s*$")]
    private static partial Regex ChosenPattern();
}

/// <summary>
/// What <c>_TerritoryField.cshtml</c> renders: the label, the field (a combobox with JavaScript), its
/// hint, its error and, when the text was ambiguous, the candidates as radio buttons.
/// </summary>
[Seam]
public sealed record TerritoryFieldView(string Id, string Name, string Label, string? Value)
{
    public const string PartialName = "/Features/Territories/Search/_TerritoryField.cshtml";

    public string? Hint { get; init; }
    public string? Error { get; init; }
    public IReadOnlyList<TerritoryChoice> Choices { get; init; } = [];
    public bool Required { get; init; } = true;

    /// <summary>The view of a field after reading it: its error or its choices.</summary>
    public TerritoryFieldView With(TerritoryFieldResult? result) => result switch
    {
        TerritoryFieldResult.Invalid invalid => this with { Error = invalid.Message },
        TerritoryFieldResult.Ambiguous ambiguous => this with { Error = ambiguous.Message, Choices = ambiguous.Choices },
        _ => this,
    };
}
