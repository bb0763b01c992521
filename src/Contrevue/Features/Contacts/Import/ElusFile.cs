using System.Globalization;
using System.Text;
using CsvHelper;

namespace Contrevue.Features.Contacts.Import;

/// <summary>A commune's mayor as a letter names them: "Prénom Nom".</summary>
public sealed record MayorEntry(int Line, string Code, string Name);

/// <summary>
/// The maires' file of the Répertoire national des élus (ministère de l'Intérieur, data.gouv.fr):
/// UTF-8, « ; »-separated, one line per mayor. Only the commune, the first and last names are read;
/// dates of birth, sex, profession and the rest stay in the file (a letter needs none of them).
/// </summary>
public sealed class ElusFile
{
    public const string SourceName = "Répertoire national des élus (ministère de l'Intérieur), Licence Ouverte";

    private const string DepartementColumn = "Code du département";
    private static readonly string[] CommuneColumns = ["Code de la commune", "Code Insee de la commune"];
    private const string LastNameColumn = "Nom de l'élu";
    private const string FirstNameColumn = "Prénom de l'élu";
    private const string FunctionStartColumn = "Date de début de la fonction";

    public List<MayorEntry> Mayors { get; } = [];

    public int LinesRead { get; private set; }

    public List<string> Malformed { get; } = [];

    /// <exception cref="ContactImportException">The file is missing or its header is not the RNE's.</exception>
    public static async Task<ElusFile> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new ContactImportException($"fichier introuvable : {path}");
        }
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return await ReadAsync(stream, cancellationToken);
    }

    public static async Task<ElusFile> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        // The byte order mark, present in some editions, is skipped; the text is UTF-8 either way.
        using var text = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        // One bad quote must not swallow the rest of the file: a line break always ends a record.
        var options = CsvReaderOptions.Default with { Separator = ';', TrimWhitespace = true, AllowLineBreaksInQuotes = false };
        await using var csv = CsvReader.Create(text, options, leaveOpen: false);
        var file = new ElusFile();
        var latest = new Dictionary<string, (MayorEntry Entry, DateOnly? Since)>();
        try
        {
            await csv.ReadHeaderAsync(cancellationToken);
            var header = csv.Headers;
            if (header.Count == 0)
            {
                throw NotTheFormat("fichier vide");
            }
            var communeColumn = CommuneColumns.FirstOrDefault(header.Contains);
            if (communeColumn is null || !header.Contains(LastNameColumn) || !header.Contains(FirstNameColumn))
            {
                throw NotTheFormat($"colonnes « {CommuneColumns[0]} », « {LastNameColumn} » et « {FirstNameColumn} » attendues");
            }
            var hasDepartement = header.Contains(DepartementColumn);
            var hasFunctionStart = header.Contains(FunctionStartColumn);
            while (await csv.ReadAsync(cancellationToken))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var line = (int)csv.RowNumber + 1;
                file.LinesRead++;
                var code = InseeCode(hasDepartement ? csv.GetString(DepartementColumn) : null, csv.GetString(communeColumn));
                var last = csv.GetString(LastNameColumn);
                var first = csv.GetString(FirstNameColumn);
                if (code is null || string.IsNullOrWhiteSpace(last) || string.IsNullOrWhiteSpace(first))
                {
                    file.Malformed.Add($"ligne {line} : code de commune, nom ou prénom manquant ou invalide");
                    continue;
                }
                var name = $"{first.Trim()} {last.Trim()}";
                if (name.Length > ContactFacts.MaxTextLength || name.Any(char.IsControl))
                {
                    file.Malformed.Add($"ligne {line} : nom illisible");
                    continue;
                }
                var since = hasFunctionStart ? Date(csv.GetString(FunctionStartColumn)) : null;
                // One mayor per commune; should a file list two, the one in office most recently.
                if (!latest.TryGetValue(code, out var known) || (since ?? DateOnly.MinValue) >= (known.Since ?? DateOnly.MinValue))
                {
                    latest[code] = (new MayorEntry(line, code, name), since);
                }
            }
        }
        catch (DecoderFallbackException)
        {
            throw NotTheFormat("le texte n'est pas en UTF-8");
        }
        catch (CsvFormatException exception)
        {
            throw NotTheFormat($"CSV illisible ({exception.Message.Split('\n')[0]})");
        }
        file.Mayors.AddRange(latest.Values.Select(v => v.Entry).OrderBy(e => e.Line));
        return file;
    }

    /// <summary>
    /// The commune's INSEE code: the column holds it whole ("42218", "2A004") in the current files;
    /// older editions gave only the commune's number within the département ("218"), joined here.
    /// </summary>
    public static string? InseeCode(string? departement, string? commune)
    {
        var code = commune?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(code) || !code.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }
        if (code.Length == 5)
        {
            return code;
        }
        var dep = departement?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(dep) || code.Length > 3 || !code.All(char.IsAsciiDigit))
        {
            return null;
        }
        // "1" for the Ain, "971" overseas: the INSEE code is the département on two digits (three overseas) and the rest.
        dep = dep.Length == 1 ? $"0{dep}" : dep;
        var joined = dep.Length == 3 ? $"{dep}{code.PadLeft(2, '0')[^2..]}" : $"{dep}{code.PadLeft(3, '0')}";
        return joined.Length == 5 ? joined : null;
    }

    private static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static ContactImportException NotTheFormat(string why) =>
        new($"ce n'est pas le fichier des maires du Répertoire national des élus (CSV « ; » en UTF-8, elus-maires.csv) : {why}.");
}
