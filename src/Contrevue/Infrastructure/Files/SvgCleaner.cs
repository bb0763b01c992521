using System.Xml;
using System.Xml.Linq;

namespace Contrevue.Infrastructure.Files;

/// <summary>
/// Checks that an uploaded SVG is one, and strips what could name whoever made it: the &lt;metadata&gt;
/// block (RDF author, rights holder), comments, the editor's file names (Inkscape's docname and
/// export-filename hold paths such as /home/prenom.nom/…).
/// <para>
/// Scripts are deliberately NOT sanitised away. Removing every way an SVG can run script (script
/// elements, on* attributes, javascript: links, animate/set rewriting href, foreignObject with HTML,
/// CSS) is an arms race a blocklist loses. The stored SVG is instead never given a chance to run:
/// <c>/fichiers/{sha256}</c> and the kit's downloads serve it as an attachment with
/// <c>Content-Security-Policy: sandbox; default-src 'none'</c> (no script, an opaque origin without
/// our cookies, even if a browser renders it), and <c>nosniff</c>; pages show it only through
/// &lt;img&gt;, where browsers run no script and load nothing. The Chromium tests check both.
/// </para>
/// </summary>
public static class SvgCleaner
{
    public const string NotSvg = "Ce fichier n'est pas une image SVG lisible : exportez-la de nouveau (SVG simple) et déposez-la à nouveau.";

    private static readonly XNamespace SvgNamespace = "http://www.w3.org/2000/svg";

    /// <summary>Attributes (any namespace) that hold an editor's file names.</summary>
    private static readonly HashSet<string> FileNameAttributes = new(StringComparer.Ordinal) { "docname", "docbase", "export-filename", "absref" };

    public static CleanedDocument Clean(byte[] svg)
    {
        try
        {
            var settings = new XmlReaderSettings
            {
                // A DOCTYPE (Illustrator writes one) is skipped, never read: no external entity, no expansion bomb.
                DtdProcessing = DtdProcessing.Ignore,
                XmlResolver = null,
                MaxCharactersFromEntities = 0,
            };
            XDocument document;
            using (var reader = XmlReader.Create(new MemoryStream(svg, writable: false), settings))
            {
                document = XDocument.Load(reader);
            }
            if (document.Root is not { } root || root.Name != SvgNamespace + "svg")
            {
                return new(null, NotSvg);
            }
            document.DocumentType?.Remove();
            document.DescendantNodes().OfType<XComment>().ToList().ForEach(c => c.Remove());
            document.DescendantNodes().OfType<XProcessingInstruction>().ToList().ForEach(p => p.Remove());
            root.Descendants().Where(e => e.Name.LocalName == "metadata").ToList().ForEach(e => e.Remove());
            foreach (var element in root.DescendantsAndSelf())
            {
                element.Attributes().Where(a => FileNameAttributes.Contains(a.Name.LocalName)).ToList().ForEach(a => a.Remove());
            }
            using var output = new MemoryStream();
            document.Save(output, SaveOptions.DisableFormatting);
            return new(output.ToArray());
        }
        catch (XmlException)
        {
            return new(null, NotSvg);
        }
    }
}
