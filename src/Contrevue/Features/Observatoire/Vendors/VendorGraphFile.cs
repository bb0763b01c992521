using System.Text;
using CsvHelper;

namespace Contrevue.Features.Observatoire.Vendors;

/// <summary>One <c>EDGE;NODE1;NODE2;LIEN;SOURCE</c> line of the Technopolice vendor graph, trimmed.</summary>
public sealed record VendorGraphEdge(int Line, string SubjectName, string ObjectName, string Kind, string? Source);

public sealed record RejectedLine(int Line, string Reason);

public sealed class VendorGraphImportException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The vendor-relations CSV of Technopolice, read whole (a few thousand lines): UTF-8 with or without
/// BOM, <c>;</c>-separated, fields quoted CSV-style when needed, a <c>#TYPE_EDGE…</c> header,
/// other <c>#</c> lines as comments. Bad lines are kept aside with their number, never fatal.
/// </summary>
public sealed class VendorGraphFile
{
    public const string HeaderPrefix = "#TYPE_EDGE";
    public const int MaxNameLength = 200;
    public const int MaxKindLength = 200;

    public required IReadOnlyList<VendorGraphEdge> Edges { get; init; }
    public required IReadOnlyList<RejectedLine> Rejected { get; init; }
    /// <summary>Records read: every line that is neither blank nor a comment.</summary>
    public int LinesRead { get; init; }
    public bool HasHeader { get; init; }

    public static async Task<VendorGraphFile> ReadAsync(string path, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            // Strict UTF-8: a Latin-1 export would otherwise turn every accent into U+FFFD silently.
            text = await File.ReadAllTextAsync(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), cancellationToken);
        }
        catch (FileNotFoundException exception)
        {
            throw new VendorGraphImportException($"le fichier {path} n'existe pas.", exception);
        }
        catch (DirectoryNotFoundException exception)
        {
            throw new VendorGraphImportException($"le fichier {path} n'existe pas.", exception);
        }
        catch (DecoderFallbackException exception)
        {
            throw new VendorGraphImportException($"le fichier {path} n'est pas en UTF-8.", exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new VendorGraphImportException($"le fichier {path} ne peut pas être lu ({exception.Message}).", exception);
        }
        return Parse(text);
    }

    public static VendorGraphFile Parse(string text)
    {
        text = text.TrimStart('\uFEFF');
        var hasHeader = false;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.TrimStart().StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase))
            {
                hasHeader = true;
                break;
            }
        }

        var options = new CsvReaderOptions
        {
            Separator = ';',
            HasHeader = false,
            CommentPrefix = '#',
            SkipEmptyLines = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            DetectSeparatorHint = false,
            // One unbalanced quote must not swallow the rest of the file: a record ends with its line.
            AllowLineBreaksInQuotes = false,
        };
        var edges = new List<VendorGraphEdge>();
        var rejected = new List<RejectedLine>();
        var read = 0;
        using var reader = CsvReader.FromText(text, options);
        while (reader.Read())
        {
            var line = (int)reader.LineNumber;
            var fields = new string[reader.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = reader.GetString(i).Trim();
            }
            if (fields.All(f => f.Length == 0))
            {
                continue; // a line of spaces is a blank line
            }
            read++;
            if (!string.Equals(fields[0], "EDGE", StringComparison.OrdinalIgnoreCase))
            {
                rejected.Add(new RejectedLine(line, $"le premier champ est « {Shorten(fields[0])} » au lieu de EDGE"));
                continue;
            }
            if (fields.Length < 4)
            {
                rejected.Add(new RejectedLine(line, $"{fields.Length} champ(s) au lieu d'au moins 4 (EDGE;NŒUD1;NŒUD2;LIEN;SOURCE)"));
                continue;
            }
            var (subject, objectName, kind) = (fields[1], fields[2], fields[3]);
            // A source URL with an unquoted ";" splits into extra fields: they belong to it.
            var source = fields.Length > 4 ? string.Join(';', fields[4..]).Trim() : "";
            var error = subject.Length == 0 ? "le nœud 1 est vide"
                : objectName.Length == 0 ? "le nœud 2 est vide"
                : kind.Length == 0 ? "le lien est vide"
                : subject.Length > MaxNameLength || objectName.Length > MaxNameLength ? $"nom de plus de {MaxNameLength} caractères"
                : kind.Length > MaxKindLength ? $"lien de plus de {MaxKindLength} caractères"
                : source.Length > DossierLimits.UrlLength ? $"source de plus de {DossierLimits.UrlLength} caractères"
                : Contrevue.Infrastructure.Text.SearchText.Normalize(subject).Length == 0 || Contrevue.Infrastructure.Text.SearchText.Normalize(objectName).Length == 0
                    ? "un nœud n'a ni lettre ni chiffre"
                : null;
            if (error is not null)
            {
                rejected.Add(new RejectedLine(line, error));
                continue;
            }
            edges.Add(new VendorGraphEdge(line, subject, objectName, kind, source.Length == 0 ? null : source));
        }
        return new VendorGraphFile { Edges = edges, Rejected = rejected, LinesRead = read, HasHeader = hasHeader };
    }

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
