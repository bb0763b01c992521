using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Contrevue.Infrastructure.Localization;

public static class LowercaseText
{
    /// <summary>
    /// A text written in lowercase because it sits mid-sentence or in a table cell ("en attente
    /// d'envoi"). Resource names that differ only by case collide (resgen keeps one of them), so when
    /// the lowercase text has no entry of its own, its capitalised twin's translation is used, lowercased.
    /// </summary>
    public static string Lowercase(this IStringLocalizer text, string key)
    {
        var own = text[key];
        if (!own.ResourceNotFound || key.Length == 0 || !char.IsLower(key[0]))
        {
            return own.Value;
        }
        var twin = text[char.ToUpper(key[0], CultureInfo.CurrentCulture) + key[1..]];
        return twin.ResourceNotFound || twin.Value.Length == 0
            ? own.Value
            : char.ToLower(twin.Value[0], CultureInfo.CurrentCulture) + twin.Value[1..];
    }
}
