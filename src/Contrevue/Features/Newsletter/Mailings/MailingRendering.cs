using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Contrevue.Infrastructure.Text;
using Markdig;
using Markdig.Syntax;

namespace Contrevue.Features.Newsletter.Mailings;

/// <summary>
/// A mailing's Markdown as an e-mail: the HTML of <see cref="SafeMarkdown"/> (no raw HTML, no image, an
/// allow-list) in a plain accessible layout with inline styles only and nothing fetched from anywhere,
/// and the same text as plain text, links written out. Rendered once when the mailing is scheduled: the
/// recipient's own footer (preferences, unsubscribe) goes where <see cref="FooterMarker"/> stands.
/// </summary>
public static class MailingRendering
{
    /// <summary>Where the sending puts each recipient's footer in the HTML part (the text part ends with the content).</summary>
    public const string FooterMarker = "<!--pied-de-lettre-->";

    private static readonly MarkdownPipeline Reader = new MarkdownPipelineBuilder().Build();

    public static string Html(string subject, string markdown)
    {
        var title = WebUtility.HtmlEncode(subject);
        return $"""
            <!DOCTYPE html>
            <html lang="fr">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title}</title>
            </head>
            <body style="margin:0;padding:0;background-color:#ffffff;color:#1b1b1b;">
            <div role="article" aria-roledescription="e-mail" aria-label="{title}" lang="fr" style="max-width:40em;margin:0 auto;padding:16px;font-family:Georgia,'Times New Roman',serif;font-size:17px;line-height:1.55;color:#1b1b1b;">
            {Styled(Content(markdown))}
            {FooterMarker}
            </div>
            </body>
            </html>
            """;
    }

    /// <summary>The content alone, sanitised: what the preview shows inside a page.</summary>
    public static string Content(string markdown) => SafeMarkdown.Render(ShiftHeadings(markdown)).ToString() ?? "";

    /// <summary>
    /// The plain-text part: paragraphs and list items as lines, each link as « text (https://…) » so that
    /// a reader without HTML still sees where it leads.
    /// </summary>
    public static string Text(string markdown)
    {
        var document = new HtmlParser().ParseDocument("<body>" + Content(markdown) + "</body>");
        var text = new StringBuilder();
        foreach (var node in document.Body!.ChildNodes)
        {
            Write(node, text, "");
        }
        var lines = text.ToString().Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd());
        // At most one blank line in a row.
        var result = new StringBuilder();
        var blank = true;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                if (!blank)
                {
                    result.Append('\n');
                }
                blank = true;
                continue;
            }
            result.Append(line).Append('\n');
            blank = false;
        }
        return result.ToString().TrimEnd() + "\n";
    }

    private static void Write(INode node, StringBuilder text, string indent)
    {
        if (node is IText textNode)
        {
            text.Append(textNode.Data.Contains('\n', StringComparison.Ordinal) && node.ParentElement?.LocalName != "code"
                ? textNode.Data.Replace('\n', ' ')
                : textNode.Data);
            return;
        }
        if (node is not IElement element)
        {
            return;
        }
        switch (element.LocalName)
        {
            case "a":
                var label = element.TextContent.Trim();
                var href = element.GetAttribute("href") ?? "";
                var target = href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? href[7..] : href;
                text.Append(label);
                if (href.Length > 0 && !string.Equals(label, target, StringComparison.Ordinal) && !string.Equals(label, href, StringComparison.Ordinal))
                {
                    text.Append(" (").Append(href).Append(')');
                }
                return;
            case "br":
                text.Append('\n').Append(indent);
                return;
            case "hr":
                text.Append("\n\n").Append("――――――――").Append("\n\n");
                return;
            case "h3" or "h4":
                text.Append("\n\n");
                var heading = new StringBuilder();
                Children(element, heading, indent);
                var title = heading.ToString().Trim();
                text.Append(title).Append('\n').Append(new string(element.LocalName == "h3" ? '=' : '-', Math.Max(3, title.Length))).Append("\n\n");
                return;
            case "p" or "pre":
                text.Append("\n\n").Append(indent);
                Children(element, text, indent);
                text.Append("\n\n");
                return;
            case "blockquote":
                var quoted = new StringBuilder();
                Children(element, quoted, "");
                text.Append("\n\n");
                foreach (var line in quoted.ToString().Trim().Split('\n'))
                {
                    text.Append(indent).Append("> ").Append(line).Append('\n');
                }
                text.Append('\n');
                return;
            case "ul" or "ol":
                text.Append('\n');
                var number = 1;
                foreach (var item in element.Children.Where(c => c.LocalName == "li"))
                {
                    var mark = element.LocalName == "ol" ? $"{number++}. " : "- ";
                    var content = new StringBuilder();
                    Children(item, content, indent + "  ");
                    text.Append(indent).Append(mark).Append(CollapseBlankLines(content.ToString().Trim())).Append('\n');
                }
                text.Append('\n');
                return;
            default:
                Children(element, text, indent);
                return;
        }
    }

    private static string CollapseBlankLines(string value)
    {
        while (value.Contains("\n\n", StringComparison.Ordinal))
        {
            value = value.Replace("\n\n", "\n", StringComparison.Ordinal);
        }
        return value;
    }

    private static void Children(IElement element, StringBuilder text, string indent)
    {
        foreach (var child in element.ChildNodes)
        {
            Write(child, text, indent);
        }
    }

    /// <summary>
    /// The page's allow-list keeps headings h3 and h4 (a contribution sits under the page's own titles);
    /// a letter's « # Titre » and « ## Rubrique » become them rather than vanish.
    /// </summary>
    private static string ShiftHeadings(string markdown)
    {
        var document = Markdown.Parse(markdown, Reader);
        var headings = document.Descendants<HeadingBlock>().Where(h => !h.IsSetext && h.Level < 3).OrderByDescending(h => h.Span.Start).ToList();
        if (headings.Count == 0)
        {
            return markdown;
        }
        var text = new StringBuilder(markdown);
        foreach (var heading in headings)
        {
            var start = heading.Span.Start;
            while (start < text.Length && text[start] == ' ')
            {
                start++;
            }
            text.Insert(start, "##");
        }
        return text.ToString();
    }

    /// <summary>Inline styles on the sanitised elements (e-mail clients drop style sheets); nothing else changes.</summary>
    private static string Styled(string content)
    {
        var document = new HtmlParser().ParseDocument("<body>" + content + "</body>");
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            var style = element.LocalName switch
            {
                "a" => "color:#0b4f9c;text-decoration:underline;",
                "h3" => "font-size:1.35em;line-height:1.25;margin:1.2em 0 0.5em;",
                "h4" => "font-size:1.1em;line-height:1.3;margin:1em 0 0.4em;",
                "blockquote" => "margin:1em 0;padding-left:1em;border-left:4px solid #767676;",
                "code" => "font-family:Menlo,Consolas,monospace;font-size:0.9em;",
                "pre" => "white-space:pre-wrap;background-color:#f3f3f3;padding:0.6em;",
                "p" or "ul" or "ol" => "margin:0 0 1em;",
                _ => null,
            };
            if (style is not null)
            {
                element.SetAttribute("style", style);
            }
        }
        return document.Body.InnerHtml;
    }
}
