using System.Buffers;
using System.Text;

namespace Contrevue.Infrastructure.Web;

/// <summary>
/// The characters no honest client sends and that break what text flows into (XML of DOCX and ODT
/// letters, e-mail headers, log lines, CSV cells): control characters, Unicode noncharacters
/// (U+FDD0–U+FDEF and U+xFFFE/U+xFFFF of every plane) and lone surrogates.
/// </summary>
public static class InputText
{
    /// <summary>
    /// Whether <paramref name="value"/> holds none of the refused characters. Tab, CR and LF pass only
    /// where <paramref name="multiLine"/> (text typed in a body: a paragraph, a note); never in a query
    /// string, a route value, a name or a file name.
    /// </summary>
    public static bool IsAcceptable(ReadOnlySpan<char> value, bool multiLine)
    {
        while (!value.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(value, out var rune, out var consumed) != OperationStatus.Done || IsRefused(rune.Value, multiLine))
            {
                return false;
            }
            value = value[consumed..];
        }
        return true;
    }

    /// <summary>
    /// Text stored before the input rule (or imported) with refused characters, made safe to write out:
    /// each becomes U+FFFD, so that a file is whole and a log line stays one line.
    /// </summary>
    public static string Sanitize(string value, bool multiLine = false)
    {
        if (IsAcceptable(value, multiLine))
        {
            return value;
        }
        var builder = new StringBuilder(value.Length);
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            var status = Rune.DecodeFromUtf16(rest, out var rune, out var consumed);
            builder.Append(status != OperationStatus.Done || IsRefused(rune.Value, multiLine) ? Rune.ReplacementChar.ToString() : rune.ToString());
            rest = rest[consumed..];
        }
        return builder.ToString();
    }

    private static bool IsRefused(int codePoint, bool multiLine) => codePoint switch
    {
        '\t' or '\n' or '\r' => !multiLine,
        < 0x20 => true,
        >= 0x7F and <= 0x9F => true,
        >= 0xFDD0 and <= 0xFDEF => true,
        _ => (codePoint & 0xFFFE) == 0xFFFE,
    };
}
