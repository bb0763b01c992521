using System.Globalization;
using System.Text;
using CsCheck;

namespace Contrevue.Tests.Hardening;

/// <summary>The fuzzing inputs: the corpus file (every string that once broke something), then CsCheck's generated strings.</summary>
public static class HostileStrings
{
    public static IReadOnlyList<string> Corpus { get; } = Load(Path.Combine(AppContext.BaseDirectory, "Hardening", "hostile-strings.txt"));

    /// <summary>Mostly text that passes the input rule (to reach the handlers), some that must not, some long, some numbers, the corpus again.</summary>
    public static Gen<string> Generated { get; } = Build();

    public static IReadOnlyList<string> Load(string path) =>
        [.. File.ReadAllLines(path, Encoding.UTF8).Where(line => line.Length > 0 && !line.StartsWith('#')).Select(Decode)];

    /// <summary>\uXXXX, \UXXXXXXXX, \n, \r, \t, \0, \\ and \e (the empty string).</summary>
    public static string Decode(string line)
    {
        if (line == "\\e")
        {
            return "";
        }
        var text = new StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] != '\\' || i == line.Length - 1)
            {
                text.Append(line[i]);
                continue;
            }
            switch (line[++i])
            {
                case 'u':
                    text.Append((char)int.Parse(line.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                case 'U':
                    text.Append(char.ConvertFromUtf32(int.Parse(line.AsSpan(i + 1, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
                    i += 8;
                    break;
                case 'n': text.Append('\n'); break;
                case 'r': text.Append('\r'); break;
                case 't': text.Append('\t'); break;
                case '0': text.Append('\0'); break;
                default: text.Append(line[i]); break;
            }
        }
        return text.ToString();
    }

    /// <summary>Percent-encodes every byte of the UTF-8 text but the unreserved ones (a lone surrogate becomes U+FFFD, as a browser sends it).</summary>
    public static string Escape(string value)
    {
        var escaped = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                escaped.Append((char)b);
            }
            else
            {
                escaped.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return escaped.ToString();
    }

    private static Gen<string> Build()
    {
        var refused = Gen.OneOf('\uFFFE', '\uFFFF', '\uFDD0', '\0', '\u0007', '\u001B', '\u0085', '\u009F', '\uD800', '\uDFFF', '\r', '\n', '\t');
        var awkward = Gen.OneOf('\'', '"', '<', '>', '&', '%', '\\', '/', '.', ';', ':', '*', '(', ')', '[', ']', '{', '}', '|', '^', '~', '#', '?', '=', '+',
            ' ', '-', '@', ',', '\u00A0', '\u202E', '\u200B', '\uFEFF', '\uFFFD', 'é', 'ß', 'İ', 'ǅ', 'ﬃ', '\u0301', '0', '9');
        var character = Gen.Frequency<char>((1, refused), (4, awkward), (3, Gen.Char['\u0020', '\uFFFD']), (3, Gen.Char['a', 'z']));
        var text = character.Array[0, 40].Select(chars => new string(chars));
        var astral = Gen.OneOf("\U0001F600", "\U0001FFFE", "\U0010FFFF", "👩‍👩‍👧", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢");
        var lengthy = Gen.Int[1_000, 20_000].Select(length => new string('a', length));
        var number = Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture));
        return Gen.Frequency<string>((8, text), (1, astral), (1, lengthy), (2, number), (3, Gen.OneOf(Corpus.ToArray())));
    }
}
