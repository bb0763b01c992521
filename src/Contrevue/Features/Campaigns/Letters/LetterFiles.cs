namespace Contrevue.Features.Campaigns.Letters;

public sealed record LetterFile(byte[] Content, string ContentType, string FileName);

/// <summary>One place that turns a composed letter into the file of a format (page and API alike).</summary>
public static class LetterFiles
{
    /// <summary>The file, or null for a format this instance cannot render yet.</summary>
    public static LetterFile? Render(Letter letter, string format, string territoryName) => format switch
    {
        "txt" => new LetterFile(System.Text.Encoding.UTF8.GetBytes(LetterText.Render(letter)), "text/plain; charset=utf-8", FileName(territoryName, "txt")),
        _ => null,
    };

    public static string FileName(string territoryName, string extension) =>
        $"lettre-{Territories.Search.SearchText.Slug(territoryName)}.{extension}";
}
