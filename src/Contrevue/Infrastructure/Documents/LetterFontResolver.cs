using System.Collections.Frozen;
using PdfSharp.Fonts;

namespace Contrevue.Infrastructure.Documents;

/// <summary>
/// Gives PDFsharp the vendored Source Serif 4 (Fonts/, from npm, OFL-1.1): the server has no system
/// fonts to rely on, and nothing is downloaded at run time.
/// </summary>
public sealed class LetterFontResolver : IFontResolver
{
    public const string FamilyName = "Source Serif 4";

    private static readonly Lazy<FrozenDictionary<string, byte[]>> Faces = new(LoadFaces);
    private static readonly Lock RegistrationGate = new();

    public static LetterFontResolver Instance { get; } = new();

    private LetterFontResolver() { }

    /// <summary>
    /// Installs the resolver for the process. PDFsharp accepts a global resolver only once (and not
    /// after a font was used), while tests start many applications in one process: hence the guard.
    /// </summary>
    public static void EnsureRegistered()
    {
        if (GlobalFontSettings.FontResolver is LetterFontResolver) return;
        lock (RegistrationGate)
        {
            if (GlobalFontSettings.FontResolver is LetterFontResolver) return;
            if (GlobalFontSettings.FontResolver is { } other)
                throw new InvalidOperationException(
                    $"PDFsharp already has the font resolver {other.GetType().Name}; only one may be set per process.");
            GlobalFontSettings.FontResolver = Instance;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        if (!string.Equals(familyName, FamilyName, StringComparison.OrdinalIgnoreCase)) return null;
        return new FontResolverInfo(FaceName(bold, italic));
    }

    public byte[]? GetFont(string faceName) => Faces.Value.GetValueOrDefault(faceName);

    private static string FaceName(bool bold, bool italic) =>
        $"source-serif-4-latin-{(bold ? 700 : 400)}-{(italic ? "italic" : "normal")}";

    private static FrozenDictionary<string, byte[]> LoadFaces()
    {
        var assembly = typeof(LetterFontResolver).Assembly;
        var faces = new Dictionary<string, byte[]>();
        foreach (var bold in new[] { false, true })
        foreach (var italic in new[] { false, true })
        {
            var face = FaceName(bold, italic);
            using var stream = assembly.GetManifestResourceStream($"Contrevue.Fonts.{face}.woff")
                ?? throw new InvalidOperationException($"Embedded font {face}.woff is missing.");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            faces[face] = WoffFont.ToSfnt(buffer.ToArray());
        }
        return faces.ToFrozenDictionary();
    }
}
