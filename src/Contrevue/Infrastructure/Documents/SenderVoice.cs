using System.Text.RegularExpressions;

namespace Contrevue.Infrastructure.Documents;

/// <summary>Who signs a letter: it decides the letter's grammar (« je » or « nous ») and its signature.</summary>
public enum SenderKind
{
    /// <summary>One person: « je », signed with her name.</summary>
    Individual,
    /// <summary>Several people: « nous », signed with each name.</summary>
    Several,
    /// <summary>A collective: « nous », signed for the collective.</summary>
    Collective,
}

/// <summary>
/// The sender's voice in a letter: the codes forms and APIs use, and the alternatives a letter's text
/// writes between braces, resolved for one sender: <c>{je vous écris|nous vous écrivons}</c> (one
/// person | several people or a collective) or <c>{je|nous|notre collectif}</c> (one person | several
/// people | a collective). Fields such as <c>{territoire}</c> may sit inside an alternative; alternatives
/// do not nest. Only a template's own text is resolved, never what a sender typed.
/// </summary>
public static partial class SenderVoice
{
    public const string IndividualCode = "individual";
    public const string SeveralCode = "several";
    public const string CollectiveCode = "collective";

    public static readonly IReadOnlyList<string> Codes = [IndividualCode, SeveralCode, CollectiveCode];

    public const string MissingMessage = "Indiquez qui écrit : une personne (« individual »), plusieurs personnes (« several ») ou un collectif (« collective »).";
    public const string UnknownMessage = "Type d'expéditeur inconnu : « individual » (une personne), « several » (plusieurs personnes) ou « collective » (un collectif).";

    /// <summary>The kind of a code; null when the code is missing or unknown.</summary>
    public static SenderKind? Parse(string? code) => code?.Trim().ToLowerInvariant() switch
    {
        IndividualCode => SenderKind.Individual,
        SeveralCode => SenderKind.Several,
        CollectiveCode => SenderKind.Collective,
        _ => null,
    };

    /// <summary>The kind of a code, or the French message for the field: missing and unknown are told apart.</summary>
    public static SenderKind? Parse(string? code, out string? error)
    {
        var kind = Parse(code);
        error = kind is not null ? null : string.IsNullOrWhiteSpace(code) ? MissingMessage : UnknownMessage;
        return kind;
    }

    public static string Code(this SenderKind kind) => kind switch
    {
        SenderKind.Several => SeveralCode,
        SenderKind.Collective => CollectiveCode,
        _ => IndividualCode,
    };

    /// <summary>The singular for one person, the plural otherwise: <c>kind.Say("je demande", "nous demandons")</c>.</summary>
    public static string Say(this SenderKind kind, string singular, string plural) =>
        kind == SenderKind.Individual ? singular : plural;

    /// <summary>Every alternative of <paramref name="template"/> resolved for <paramref name="kind"/>; the rest left as it is.</summary>
    public static string Resolve(string template, SenderKind kind)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Alternative().Replace(template, match =>
        {
            var parts = match.Groups["parts"].Value.Split('|');
            return parts.Length switch
            {
                2 => parts[kind == SenderKind.Individual ? 0 : 1],
                3 => parts[(int)kind],
                _ => match.Value,
            };
        });
    }

    /// <summary>Braces still holding a « | » once resolved: an alternative with more than three parts, or nested.</summary>
    public static bool HasMalformedAlternatives(string template) =>
        Leftover().IsMatch(Resolve(template, SenderKind.Individual));

    /// <summary>
    /// The names of several people, as typed in one field: separated by commas, semicolons, line breaks
    /// or a final « et ».
    /// </summary>
    public static IReadOnlyList<string> Names(string names) =>
        NameSeparator().Split(names).Select(n => n.Trim()).Where(n => n.Length > 0).ToList();

    /// <summary>"Camille Martin, Léa Dubois et Sami Benali".</summary>
    public static string JoinNames(IReadOnlyList<string> names) => names.Count switch
    {
        0 => "",
        1 => names[0],
        _ => $"{string.Join(", ", names.Take(names.Count - 1))} et {names[^1]}",
    };

    /// <summary>"{…|…}" or "{…|…|…}", whose parts may hold fields such as {territoire}.</summary>
    [GeneratedRegex(@"\{(?<parts>(?:[^{}|\n]|\{[a-z_]+\})*(?:\|(?:[^{}|\n]|\{[a-z_]+\})*)+)\}")]
    private static partial Regex Alternative();

    [GeneratedRegex(@"\{[^{}\n]*\|")]
    private static partial Regex Leftover();

    [GeneratedRegex(@"\s*[,;\n]\s*|\s+et\s+")]
    private static partial Regex NameSeparator();
}

/// <summary>The model of the shared <c>_SenderKindFields</c> partial: the choice shown, the form field's name.</summary>
public sealed record SenderKindFields(string? Selected, string Name);
