namespace Contrevue.Infrastructure.Documents;

public sealed record LetterFile(byte[] Content, string ContentType, string FileName);

/// <summary>One place that turns a composed letter into the file of a format (page and API alike).</summary>
public static class LetterFiles
{
    /// <summary>The file of a format the composer accepted (pdf, docx or txt).</summary>
    public static LetterFile Render(Letter letter, string format, string territoryName) => format switch
    {
        "txt" => new LetterFile(System.Text.Encoding.UTF8.GetBytes(LetterTextRenderer.Render(letter)), "text/plain; charset=utf-8", FileName(territoryName, "txt")),
        "docx" => new LetterFile(LetterDocxRenderer.Render(letter), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", FileName(territoryName, "docx")),
        _ => new LetterFile(LetterPdfRenderer.Render(letter, registered: letter.Mention is not null), "application/pdf", FileName(territoryName, "pdf")),
    };

    /// <summary>PDF and DOCX are laid out, at a cost that counts (<see cref="Infrastructure.Abuse.ExpensiveWorkLimiter"/>); text is not.</summary>
    public static bool IsRendered(string format) => format != "txt";

    public static string FileName(string territoryName, string extension) =>
        $"lettre-{Contrevue.Infrastructure.Text.SearchText.Slug(territoryName)}.{extension}";
}
