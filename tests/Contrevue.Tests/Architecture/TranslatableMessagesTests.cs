using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Contrevue.Tests.Architecture;

/// <summary>
/// Messages shown to people are found in the resources by their French text. A message built with
/// <c>$"… {code} …"</c> is a new text for every value, so it can never be translated: it has to be a
/// format key (<c>text["Commune inconnue « {0} ».", code]</c>). This test reads the sources (no
/// compiler needed) and refuses interpolated French text where a message is made.
/// </summary>
public sealed partial class TranslatableMessagesTests
{
    /// <summary>
    /// Interpolated French text the test allows, by file and the start of its literal text, with why.
    /// Letters and documents are written in French on purpose; the rest is work left to do.
    /// </summary>
    private static readonly (string File, string Start, string Why)[] Allowed =
    [
        ("Features/Observatoire/Demo/", "", "the demo command speaks French on the console, like the rest of the command line"),
        ("Infrastructure/Files/ArchiveGuard.cs", "", "to do: embeds the French name of the document kind (\"un document\")"),
        ("Infrastructure/Fetching/SourceSnapshotter.cs", "", "to do: its refusals embed French descriptions of the fetched content (FileSniffer, FileType labels), to translate with them"),
        ("Infrastructure/Files/SourceFileStore.cs", "Le nom du fichier se termine par", "to do: embeds FileSniffer's French description of the content"),
        ("Infrastructure/Files/SourceFileStore.cs", "Ce type de fichier n'est pas accepté", "to do: embeds FileSniffer's French description of the content"),
    ];

    [Fact]
    public void Messages_are_format_keys_not_interpolated_french()
    {
        var found = InterpolatedMessages(SourceRoot())
            .Where(m => !Allowed.Any(a => m.File.StartsWith(a.File, StringComparison.Ordinal) && m.Literal.StartsWith(a.Start, StringComparison.Ordinal)))
            .Select(m => $"{m.File}:{m.Line}: {m.Literal}")
            .ToList();

        Assert.True(found.Count == 0,
            "Interpolated messages cannot be translated; use a format key, text[\"… {0} …\", value], and add its English to SharedResource.en.resx:\n"
            + string.Join("\n", found));
    }

    [Fact]
    public void The_test_sees_an_interpolated_message()
    {
        const string source = """
            errors["commune"] = [$"Commune inconnue « {code} »."];
            errors["commune"] = [text["Commune inconnue « {0} ».", code]];
            """;

        var found = InterpolatedMessagesIn("Example.cs", source).ToList();

        Assert.Equal(1, Assert.Single(found).Line);
    }

    [Fact]
    public void English_resource_names_differ_by_more_than_case()
    {
        // resgen keeps one of two names that differ only by case ("Duplicate resource name"): the other is lost.
        var names = XDocument.Load(Path.Combine(SourceRoot(), "Resources", "SharedResource.en.resx"))
            .Descendants("data").Select(d => (string)d.Attribute("name")!).ToList();

        var collisions = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" | ", g)).ToList();

        Assert.Empty(collisions);
    }

    private sealed record Message(string File, int Line, string Literal);

    private static IEnumerable<Message> InterpolatedMessages(string root) =>
        Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => InterpolatedMessagesIn(Path.GetRelativePath(root, path).Replace('\\', '/'), File.ReadAllText(path)));

    /// <summary>Interpolated strings with French words, in a place where a message is made.</summary>
    private static IEnumerable<Message> InterpolatedMessagesIn(string file, string source)
    {
        var lines = source.Split('\n');
        foreach (var (offset, literal) in InterpolatedStrings(source))
        {
            var line = source.AsSpan(0, offset).Count('\n');
            var before = source[(source.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1)..offset];
            // A ternary's branch or a continued expression: the message is made on the line above.
            var context = ContinuationOnly().IsMatch(before) && line > 0 ? lines[line - 1] : before;
            if (MessagePosition().IsMatch(context) && FrenchWords().IsMatch(literal))
            {
                yield return new Message(file, line + 1, literal);
            }
        }
    }

    /// <summary>Each interpolated string literal: where it starts, and its text without the holes.</summary>
    private static IEnumerable<(int Offset, string Literal)> InterpolatedStrings(string source)
    {
        var i = 0;
        while (i < source.Length)
        {
            if (source[i] == '/' && i + 1 < source.Length && source[i + 1] is '/' or '*')
            {
                var end = source[i + 1] == '/' ? source.IndexOf('\n', i) : source.IndexOf("*/", i, StringComparison.Ordinal);
                i = end < 0 ? source.Length : end + 1;
                continue;
            }
            if (source[i] == '\'')
            {
                i = SkipQuoted(source, i, '\'');
                continue;
            }
            var prefix = source[i] is '$' or '@' ? (source[i + 1] is '$' or '@' ? 2 : 1) : 0;
            if (i + prefix < source.Length && source[i + prefix] == '"' && (prefix == 0 || source[i] is '$' or '@'))
            {
                var marks = source.Substring(i, prefix);
                var start = i;
                var (end, literal) = ReadString(source, i + prefix, verbatim: marks.Contains('@'), interpolated: marks.Contains('$'));
                if (marks.Contains('$'))
                {
                    yield return (start, literal);
                }
                i = end;
                continue;
            }
            i++;
        }
    }

    private static (int End, string Literal) ReadString(string source, int quote, bool verbatim, bool interpolated)
    {
        if (!verbatim && source.AsSpan(quote).StartsWith("\"\"\""))
        {
            // A raw string: never a message here; skip to its closing quotes.
            var close = source.IndexOf("\"\"\"", quote + 3, StringComparison.Ordinal);
            return (close < 0 ? source.Length : close + 3, "");
        }
        var literal = new StringBuilder();
        var i = quote + 1;
        while (i < source.Length)
        {
            var c = source[i];
            if (verbatim && c == '"' && i + 1 < source.Length && source[i + 1] == '"') { literal.Append('"'); i += 2; continue; }
            if (!verbatim && c == '\\') { literal.Append(source, i, Math.Min(2, source.Length - i)); i += 2; continue; }
            if (c == '"') return (i + 1, literal.ToString());
            if (interpolated && c == '{' && i + 1 < source.Length && source[i + 1] == '{') { literal.Append('{'); i += 2; continue; }
            if (interpolated && c == '}' && i + 1 < source.Length && source[i + 1] == '}') { literal.Append('}'); i += 2; continue; }
            if (interpolated && c == '{')
            {
                i = SkipHole(source, i);
                literal.Append(' ');
                continue;
            }
            literal.Append(c);
            i++;
        }
        return (i, literal.ToString());
    }

    /// <summary>Past the hole's closing brace, over the strings inside it.</summary>
    private static int SkipHole(string source, int open)
    {
        var depth = 0;
        var i = open;
        while (i < source.Length)
        {
            var c = source[i];
            if (c == '"')
            {
                var marks = i > 0 && source[i - 1] is '$' or '@' ? source[(i - (i > 1 && source[i - 2] is '$' or '@' ? 2 : 1))..i] : "";
                i = ReadString(source, i, marks.Contains('@'), marks.Contains('$')).End;
                continue;
            }
            if (c == '\'') { i = SkipQuoted(source, i, '\''); continue; }
            if (c == '{') depth++;
            if (c == '}' && --depth == 0) return i + 1;
            i++;
        }
        return i;
    }

    private static int SkipQuoted(string source, int open, char quote)
    {
        var i = open + 1;
        while (i < source.Length && source[i] != quote) i += source[i] == '\\' ? 2 : 1;
        return i + 1;
    }

    private static string SourceRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Contrevue.slnx"))) directory = directory.Parent;
        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Contrevue.slnx not found above the test binaries."), "src", "Contrevue");
    }

    /// <summary>
    /// Where a message for people is made: a field error (errors["x"] = [...], errors.Add, Error(path, ...)),
    /// a model-state error, a problem's title or detail, an Identity error, an outcome's or a refusal's message, a
    /// localizer key, a page's Error/Message/TempData.
    /// </summary>
    [GeneratedRegex("""\[[^\]]*\]\s*=|\b(errors|messages)\.Add\(|\b[Ee]rror\(|AddModelError\(|\b(Title|Detail|Description|Error|Message)\s*=[^=>]|\b(title|detail):|\b(Invalid|Done|Failed|Refused|Unavailable|RefusedException)\(|\b(T|text|Text|localizer)\[\s*$""")]
    private static partial Regex MessagePosition();

    [GeneratedRegex("""^\s*[?:+(]?\s*$""")]
    private static partial Regex ContinuationOnly();

    /// <summary>Two words, or an accented letter: French text rather than a path, a key or a code.</summary>
    [GeneratedRegex("""[A-Za-zÀ-ÿ]{2,}[ '’][A-Za-zÀ-ÿ]{2,}|[À-ÿ]""")]
    private static partial Regex FrenchWords();
}
