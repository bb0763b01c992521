using Contrevue.Infrastructure.Text;
using Contrevue.Features.Territories.Search;

namespace Contrevue.Features.Observatoire.Search;

/// <summary>
/// A light French stemmer for SQLite's FTS5, which has none: the index and the queries go through the
/// same function, so that "caméras" finds "caméra" and "déploiement" finds "déployé".
/// <list type="number">
/// <item>Words are put in <see cref="SearchText"/> form: lower case, no accents, separators as spaces.</item>
/// <item>Short function words ("le", "des", "pour"…) are left out.</item>
/// <item>A plural s or x goes ("caméras" → "camera", "réseaux" → "reseau", "municipaux" → "municipal").</item>
/// <item>One derivational or verbal ending goes, the longest that leaves at least three letters:
/// -ement, -ation, -ateur, -ique, -ance, -eur, -ité, -isme, -iste, -er, -ée, -é, -e… ("déploiement" →
/// "deploi", "vidéoverbalisation" → "videoverbalis", "installer" → "install").</item>
/// <item>A final y becomes i ("déployé" → "deploy" → "deploi").</item>
/// </list>
/// Words with digits are kept whole. Queries then match each stem as a prefix ("camer*"), which also
/// covers the forms this rough stemming misses, at the price of some extra matches.
/// PostgreSQL does not use it: its <c>contrevue_fr</c> configuration stems with Snowball.
/// </summary>
public static class FrenchStemmer
{
    private const int MinimumStem = 3;

    private static readonly HashSet<string> StopWords =
    [
        "a", "au", "aux", "avec", "ce", "ces", "d", "dans", "de", "des", "du", "en", "et", "l", "la", "le", "les",
        "leur", "leurs", "n", "ne", "ou", "par", "pas", "pour", "qu", "que", "qui", "s", "sa", "se", "ses", "son",
        "sur", "un", "une", "y",
    ];

    // Longest first: the first that fits is the one removed.
    private static readonly string[] Endings =
    [
        "iquement", "itaire", "atrice", "ement", "ation", "ateur", "ique", "isme", "iste", "ance", "ence",
        "euse", "able", "ible", "aire", "ite", "eur", "ive", "ee", "er", "ez", "if", "e",
    ];

    /// <summary>The stemmed words of a text, in order, without function words (repeats kept).</summary>
    public static IEnumerable<string> Terms(string? text)
    {
        foreach (var word in SearchText.Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!StopWords.Contains(word))
            {
                yield return Stem(word);
            }
        }
    }

    /// <summary>The stem of one word already in <see cref="SearchText"/> form.</summary>
    public static string Stem(string word)
    {
        if (word.Length <= MinimumStem || word.Any(char.IsDigit))
        {
            return word;
        }
        var stem = word;
        if (stem.EndsWith("aux", StringComparison.Ordinal) && !stem.EndsWith("eaux", StringComparison.Ordinal))
        {
            stem = stem[..^3] + "al";
        }
        else if (stem.EndsWith("eux", StringComparison.Ordinal) || stem.EndsWith("oux", StringComparison.Ordinal) || stem.EndsWith("eaux", StringComparison.Ordinal))
        {
            stem = stem[..^1];
        }
        else if (stem.EndsWith('s') && !stem.EndsWith("ss", StringComparison.Ordinal))
        {
            stem = stem[..^1];
        }
        foreach (var ending in Endings)
        {
            if (stem.EndsWith(ending, StringComparison.Ordinal) && stem.Length - ending.Length >= MinimumStem)
            {
                stem = stem[..^ending.Length];
                break;
            }
        }
        return stem.EndsWith('y') ? stem[..^1] + "i" : stem;
    }
}
