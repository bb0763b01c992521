namespace Contrevue.Infrastructure.Text;

/// <summary>
/// The prepositions French puts before a place's name: "à Saint-Étienne", "au Havre", "aux Mureaux";
/// "de Saint-Étienne", "d'Angers", "du Havre", "des Mureaux". Names in h keep "de": an aspirated h
/// (Haguenau) cannot be told from a silent one by spelling.
/// </summary>
public static class FrenchPlaceNames
{
    private const string Vowels = "AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŸaeiouyàâäéèêëîïôöùûüÿ";

    /// <summary>"à" and the rest of the name: ("au", "Havre") for Le Havre.</summary>
    public static (string Preposition, string Name) At(string name) =>
        name.StartsWith("Les ", StringComparison.Ordinal) ? ("aux", name[4..])
        : name.StartsWith("Le ", StringComparison.Ordinal) ? ("au", name[3..])
        : ("à", name);

    /// <summary>"de" joined to the name: "d'Angers", "du Havre", "des Mureaux", "de La Rochelle".</summary>
    public static string Of(string name) =>
        name.StartsWith("Les ", StringComparison.Ordinal) ? $"des {name[4..]}"
        : name.StartsWith("Le ", StringComparison.Ordinal) ? $"du {name[3..]}"
        : name.Length > 0 && Vowels.Contains(name[0], StringComparison.Ordinal) ? $"d'{name}"
        : $"de {name}";
}
