using System.Net;
using System.Text.RegularExpressions;

namespace Contrevue.Tests.Hardening;

/// <summary>One POST form of a page, as a browser without JavaScript would send it unchanged.</summary>
public sealed record HtmlForm(string Action, bool Multipart, IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    /// <summary>The form's fields with <paramref name="name"/> set to <paramref name="value"/> (added when absent).</summary>
    public List<KeyValuePair<string, string>> With(string name, string value)
    {
        var fields = Fields.Where(f => f.Key != name).ToList();
        fields.Add(new(name, value));
        return fields;
    }

    public string? Value(string name) => Fields.FirstOrDefault(f => f.Key == name).Value;
}

/// <summary>Reads the POST forms of a page: inputs, checked boxes, text areas, selected options, the antiforgery token.</summary>
public static partial class HtmlForms
{
    public static IReadOnlyList<HtmlForm> PostForms(string html, string pageUrl)
    {
        var forms = new List<HtmlForm>();
        foreach (Match form in Forms().Matches(html))
        {
            var attributes = Attributes(form.Groups["attributes"].Value);
            if (!string.Equals(attributes.GetValueOrDefault("method"), "post", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var action = attributes.GetValueOrDefault("action");
            var multipart = string.Equals(attributes.GetValueOrDefault("enctype"), "multipart/form-data", StringComparison.OrdinalIgnoreCase);
            forms.Add(new HtmlForm(string.IsNullOrEmpty(action) ? pageUrl : action, multipart, Fields(form.Groups["body"].Value)));
        }
        return forms;
    }

    public static List<KeyValuePair<string, string>> Fields(string formBody)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (Match input in Inputs().Matches(formBody))
        {
            var attributes = Attributes(input.Groups["attributes"].Value);
            if (attributes.GetValueOrDefault("name") is not { Length: > 0 } name)
            {
                continue;
            }
            var type = attributes.GetValueOrDefault("type")?.ToLowerInvariant() ?? "text";
            if (type is "file" or "submit" or "button" or "image" or "reset")
            {
                continue;
            }
            if (type is "checkbox" or "radio" && !attributes.ContainsKey("checked"))
            {
                continue;
            }
            fields.Add(new(name, attributes.GetValueOrDefault("value") ?? (type == "checkbox" ? "on" : "")));
        }
        foreach (Match area in TextAreas().Matches(formBody))
        {
            if (Attributes(area.Groups["attributes"].Value).GetValueOrDefault("name") is { Length: > 0 } name)
            {
                // The tag helper writes a line break after the opening tag, which browsers drop.
                var value = WebUtility.HtmlDecode(area.Groups["body"].Value);
                fields.Add(new(name, value.StartsWith("\r\n", StringComparison.Ordinal) ? value[2..] : value.StartsWith('\n') ? value[1..] : value));
            }
        }
        foreach (Match select in Selects().Matches(formBody))
        {
            var attributes = Attributes(select.Groups["attributes"].Value);
            if (attributes.GetValueOrDefault("name") is not { Length: > 0 } name)
            {
                continue;
            }
            var options = Options().Matches(select.Groups["body"].Value).Select(o => Attributes(o.Groups["attributes"].Value)).ToList();
            var selected = options.Where(o => o.ContainsKey("selected")).ToList();
            if (selected.Count == 0 && !attributes.ContainsKey("multiple") && options.Count > 0)
            {
                selected.Add(options[0]);
            }
            fields.AddRange(selected.Select(o => new KeyValuePair<string, string>(name, o.GetValueOrDefault("value") ?? "")));
        }
        return fields;
    }

    private static Dictionary<string, string> Attributes(string text)
    {
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match attribute in AttributePairs().Matches(text))
        {
            var value = attribute.Groups["double"].Success ? attribute.Groups["double"].Value
                : attribute.Groups["single"].Success ? attribute.Groups["single"].Value
                : attribute.Groups["bare"].Value;
            attributes.TryAdd(attribute.Groups["name"].Value, WebUtility.HtmlDecode(value));
        }
        return attributes;
    }

    [GeneratedRegex(@"<form\b(?<attributes>[^>]*)>(?<body>.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Forms();

    [GeneratedRegex(@"<input\b(?<attributes>[^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex Inputs();

    [GeneratedRegex(@"<textarea\b(?<attributes>[^>]*)>(?<body>.*?)</textarea>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex TextAreas();

    [GeneratedRegex(@"<select\b(?<attributes>[^>]*)>(?<body>.*?)</select>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Selects();

    [GeneratedRegex(@"<option\b(?<attributes>[^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex Options();

    [GeneratedRegex(@"(?<name>[a-zA-Z_:][\w:.-]*)(?:\s*=\s*(?:""(?<double>[^""]*)""|'(?<single>[^']*)'|(?<bare>[^\s""'>]+)))?")]
    private static partial Regex AttributePairs();
}
