namespace Contrevue.Features.Contacts.Import;

/// <summary>A file that cannot be imported: nothing was changed. The message is French, for the operator.</summary>
public sealed class ContactImportException(string message) : Exception(message);

/// <summary>What an import did, commune by commune, and what it left aside.</summary>
public sealed class ContactImportReport
{
    public required string Source { get; init; }

    /// <summary>Entries of the file that name a commune's mairie or mayor.</summary>
    public int Entries { get; init; }

    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }

    /// <summary>Communes whose contacts a moderator published: never overwritten by an import.</summary>
    public List<string> KeptVerified { get; } = [];

    /// <summary>Codes that name no current commune (a former commune, a typo, an arrondissement).</summary>
    public List<string> UnknownCodes { get; } = [];

    /// <summary>Entries without anything a letter could use (a mairie without address, e-mail or website).</summary>
    public int WithoutContact { get; set; }

    /// <summary>Mairies déléguées, annexes and mairies d'arrondissement (annuaire only).</summary>
    public int Secondary { get; init; }

    public IReadOnlyList<string> Malformed { get; init; } = [];

    public void WriteTo(TextWriter output, string path)
    {
        output.WriteLine($"Import de {path} : {Source}");
        output.WriteLine($"  {Entries} commune(s) dans le fichier");
        output.WriteLine($"  {Created} créé(s), {Updated} modifié(s), {Unchanged} inchangé(s)");
        output.WriteLine($"  {KeptVerified.Count} laissé(s) tel(s) quel(s) : contacts vérifiés par la modération{List(KeptVerified)}");
        output.WriteLine($"  {UnknownCodes.Count} code(s) INSEE inconnu(s) du découpage administratif{List(UnknownCodes)}");
        if (WithoutContact > 0)
        {
            output.WriteLine($"  {WithoutContact} fiche(s) sans adresse, e-mail ni site : ignorée(s)");
        }
        if (Secondary > 0)
        {
            output.WriteLine($"  {Secondary} mairie(s) déléguée(s), annexe(s) ou d'arrondissement : ignorée(s)");
        }
        output.WriteLine($"  {Malformed.Count} entrée(s) mal formée(s){(Malformed.Count == 0 ? "" : " :")}");
        foreach (var problem in Malformed.Take(50))
        {
            output.WriteLine($"    {problem}");
        }
        if (Malformed.Count > 50)
        {
            output.WriteLine($"    … et {Malformed.Count - 50} autre(s)");
        }
    }

    private static string List(List<string> codes) =>
        codes.Count == 0 ? "" : $" ({string.Join(", ", codes.Take(20))}{(codes.Count > 20 ? ", …" : "")})";
}
