namespace Contrevue.Features.Veille;

/// <summary>Tags in one form, whatever the case and accents typed: « Reconnaissance faciale » → « reconnaissance-faciale ».</summary>
public static class ArticleTags
{
    public static string Normalize(string? tag) => Infrastructure.Text.SearchText.Slug(tag ?? "");
}
