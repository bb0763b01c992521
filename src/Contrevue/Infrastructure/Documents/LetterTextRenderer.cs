namespace Contrevue.Infrastructure.Documents;

/// <summary>The letter as plain text for an e-mail: its blocks separated by blank lines, "\n" only.</summary>
public static class LetterTextRenderer
{
    public static string Render(Letter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var blocks = new List<string>
        {
            Lines(letter.SenderLines),
            Lines(letter.AddresseeLines),
            letter.PlaceAndDate,
        };
        if (!string.IsNullOrWhiteSpace(letter.Mention)) blocks.Add(letter.Mention);
        blocks.Add(letter.Subject);
        blocks.Add(letter.Salutation);
        blocks.AddRange(letter.Paragraphs);
        blocks.Add(letter.Closing);
        blocks.Add(Lines(letter.SignatureLines));
        return string.Join("\n\n", blocks.Select(b => b.ReplaceLineEndings("\n").Trim('\n')).Where(b => b.Length > 0)) + "\n";
    }

    private static string Lines(IReadOnlyList<string> lines) => string.Join('\n', lines);
}
