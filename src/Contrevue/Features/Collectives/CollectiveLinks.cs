using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Collectives;

/// <summary>A public link as typed or sent: a label (optional) and an address.</summary>
public sealed record CollectiveLinkInput(string? Label, string? Url);

/// <summary>
/// Reads a collective's public links: absolute http(s) addresses only (no <c>javascript:</c>, no
/// <c>mailto:</c> that would publish an address), each with a label — the host when none is given.
/// </summary>
public static class CollectiveLinks
{
    /// <summary>
    /// The links of the profile form, one per line: « Mastodon https://piaille.fr/@collectif », or just the
    /// address. The last word is the address; what comes before it is the label.
    /// </summary>
    public static List<CollectiveLinkInput> ParseLines(string? text) =>
        [.. (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line =>
            {
                var space = line.LastIndexOfAny([' ', '\t']);
                return space < 0
                    ? new CollectiveLinkInput(null, line)
                    : new CollectiveLinkInput(line[..space].Trim().TrimEnd(':', '–', '-').Trim(), line[(space + 1)..]);
            })];

    /// <summary>The form's text for stored links, the inverse of <see cref="ParseLines"/>.</summary>
    public static string ToLines(IEnumerable<CollectiveLink> links) =>
        string.Join('\n', links.OrderBy(l => l.Position).Select(l => $"{l.Label} {l.Url}"));

    /// <summary>The links to store, or the French errors that refuse them.</summary>
    public static (List<CollectiveLink> Links, List<string> Errors) Validate(IReadOnlyList<CollectiveLinkInput>? inputs, IStringLocalizer text)
    {
        var links = new List<CollectiveLink>();
        var errors = new List<string>();
        inputs ??= [];
        if (inputs.Count > Collective.MaxLinks)
        {
            errors.Add(text["{0} liens au plus.", Collective.MaxLinks]);
            return (links, errors);
        }
        foreach (var input in inputs)
        {
            var url = input.Url?.Trim() ?? "";
            if (url.Length == 0)
            {
                errors.Add(text["Un lien sans adresse : indiquez une adresse commençant par https://."]);
                continue;
            }
            if (url.Length > CollectiveLink.MaxUrlLength
                || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                || string.IsNullOrEmpty(uri.Host) || !string.IsNullOrEmpty(uri.UserInfo))
            {
                errors.Add(text["« {0} » n'est pas une adresse web (http:// ou https://, {1} caractères au plus).", Shorten(url), CollectiveLink.MaxUrlLength]);
                continue;
            }
            var label = string.IsNullOrWhiteSpace(input.Label) ? uri.Host : input.Label.Trim();
            if (label.Length > CollectiveLink.MaxLabelLength)
            {
                errors.Add(text["Le libellé « {0} » dépasse {1} caractères.", Shorten(label), CollectiveLink.MaxLabelLength]);
                continue;
            }
            links.Add(new CollectiveLink { Position = links.Count, Label = label, Url = uri.AbsoluteUri });
        }
        return (links, errors);
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 59), "…");
}
