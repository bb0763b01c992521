namespace Contrevue.Tests.Features.Territories.Mentions;

/// <summary>One labelled line of <c>headlines.txt</c>.</summary>
/// <param name="AfterTuning">Written after the rules were tuned on the lines before it (the file's last section): a fair sample.</param>
public sealed record LabelledHeadline(int Line, string Text, IReadOnlySet<string> Expected, IReadOnlyList<string> ExpectedAmbiguous, bool AfterTuning);

/// <summary>
/// The labelled headlines and how suggestions are scored against them. A suggestion is a (headline,
/// territory) pair: each territory a mention resolves to, once per headline. An ambiguous mention
/// suggests nothing. Precision = correct suggestions / suggestions; recall = correct suggestions /
/// expected pairs.
/// </summary>
public static class HeadlineSet
{
    public static string FilePath { get; } = Find();

    public static IReadOnlyList<LabelledHeadline> All { get; } = Load(FilePath);

    public sealed record Score(int Suggested, int Correct, int Expected, IReadOnlyList<string> Errors)
    {
        public double Precision => Suggested == 0 ? 1 : (double)Correct / Suggested;
        public double Recall => Expected == 0 ? 1 : (double)Correct / Expected;
    }

    public static Score Evaluate(IEnumerable<(LabelledHeadline Headline, IReadOnlyList<Contrevue.Features.Territories.Mentions.TerritoryMention> Mentions)> results)
    {
        int suggested = 0, correct = 0, expected = 0;
        var errors = new List<string>();
        foreach (var (headline, mentions) in results)
        {
            var found = mentions.Where(m => m.Territory is not null).Select(m => m.Territory!).ToHashSet(StringComparer.Ordinal);
            suggested += found.Count;
            expected += headline.Expected.Count;
            correct += found.Count(headline.Expected.Contains);
            var wrong = found.Except(headline.Expected).ToList();
            var missed = headline.Expected.Except(found).ToList();
            if (wrong.Count > 0 || missed.Count > 0)
            {
                errors.Add($"line {headline.Line}: « {headline.Text} » wrong [{string.Join(' ', wrong)}] missed [{string.Join(' ', missed)}] "
                    + $"ambiguous [{string.Join("; ", mentions.Where(m => m.Ambiguous).Select(m => m.Text))}]");
            }
        }
        return new Score(suggested, correct, expected, errors);
    }

    private static IReadOnlyList<LabelledHeadline> Load(string path)
    {
        var headlines = new List<LabelledHeadline>();
        var number = 0;
        var afterTuning = false;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            afterTuning |= line.StartsWith("# Written after the rules were tuned", StringComparison.Ordinal);
            if (line.StartsWith('#') || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var parts = line.Split('|');
            if (parts.Length != 3)
            {
                throw new InvalidDataException($"headlines.txt line {number}: three fields separated by « | » expected.");
            }
            headlines.Add(new LabelledHeadline(number, parts[0].Trim(),
                parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal),
                parts[2].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), afterTuning));
        }
        return headlines;
    }

    /// <summary>The file in the source tree, so that the bench reads the very same one.</summary>
    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "Contrevue.Tests", "Features", "Territories", "Mentions", "headlines.txt");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("tests/Contrevue.Tests/Features/Territories/Mentions/headlines.txt introuvable au-dessus de " + AppContext.BaseDirectory);
    }
}
