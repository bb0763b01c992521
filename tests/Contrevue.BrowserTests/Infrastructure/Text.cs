using System.Text.RegularExpressions;

namespace Contrevue.BrowserTests.Infrastructure;

public static partial class Text
{
    /// <summary>
    /// Every run of white space, including French number formatting's narrow no-break space (U+202F)
    /// and no-break space (U+00A0), becomes one plain space.
    /// </summary>
    public static string Normalise(string text) => WhiteSpace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
