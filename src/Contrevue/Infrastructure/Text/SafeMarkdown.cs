using Ganss.Xss;
using Markdig;
using Microsoft.AspNetCore.Html;

namespace Contrevue.Infrastructure.Text;

/// <summary>
/// Markdown written by contributors, rendered to HTML that can do no harm: raw HTML is escaped by
/// Markdig, then the result goes through an allow-list sanitiser. No images: an image is a request to
/// another origin, which would tell a third party who reads the page.
/// </summary>
public static class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(["p", "br", "em", "strong", "del", "a", "ul", "ol", "li", "blockquote", "code", "pre", "h3", "h4", "hr"], StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        });
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link)
            {
                link.SetAttribute("rel", "nofollow noopener noreferrer");
            }
        };
        return sanitizer;
    }

    public static IHtmlContent Render(string? markdown) =>
        new HtmlString(string.IsNullOrWhiteSpace(markdown) ? "" : Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline)));

    /// <summary>The text without its Markdown, for feeds, descriptions and search snippets.</summary>
    public static string PlainText(string? markdown, int maxLength = 300)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }
        var text = Markdown.ToPlainText(markdown, Pipeline).ReplaceLineEndings(" ").Trim();
        return text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength - 1).TrimEnd(), "…");
    }
}
