using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace Contrevue.Infrastructure.Files;

/// <summary>
/// Removes from a PDF what a viewer would run, launch, send or unpack: actions on opening the document
/// (<c>/OpenAction</c>) and on events (<c>/AA</c> of the catalog, pages, annotations, fields), the
/// document's JavaScript and embedded files (their name trees, file specifications' <c>/EF</c>, file
/// attachment and multimedia annotations), XFA forms, and every action that runs script, launches a
/// program, submits or imports form data, or opens another file (local or remote, which on Windows can
/// leak the reader's credentials). Links to web pages (<c>http</c>, <c>https</c>, <c>mailto</c>) stay:
/// CADA answers and deliberations cite their sources, and viewers ask before following one.
/// Every object of the file is visited, not only the places such things usually hang from.
/// </summary>
public static class PdfActiveContent
{
    private static readonly HashSet<string> DangerousActions = new(StringComparer.Ordinal)
    {
        "/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/Rendition", "/Sound", "/Movie", "/RichMediaExecute",
    };

    private static readonly HashSet<string> CarryingAnnotations = new(StringComparer.Ordinal)
    {
        "/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D",
    };

    private static readonly string[] SafeUriSchemes = ["http:", "https:", "mailto:"];

    public static void Strip(PdfDocument document)
    {
        var catalog = document.Internals.Catalog;
        catalog.Elements.Remove("/OpenAction");
        foreach (var item in document.Internals.GetAllObjects())
        {
            Scrub(item, depth: 0);
        }
    }

    private static void Scrub(PdfItem item, int depth)
    {
        // Direct objects nest only as deep as a file's author wrote them; a crafted file gets no recursion bomb.
        if (depth > 64)
        {
            return;
        }
        switch (item)
        {
            case PdfDictionary dictionary:
                ScrubDictionary(dictionary);
                foreach (var key in dictionary.Elements.Keys.ToList())
                {
                    if (dictionary.Elements[key] is { } child and not PdfReference)
                    {
                        Scrub(child, depth + 1);
                    }
                }
                break;
            case PdfArray array:
                foreach (var child in array.Elements.ToList())
                {
                    if (child is not PdfReference)
                    {
                        Scrub(child, depth + 1);
                    }
                }
                break;
        }
    }

    private static void ScrubDictionary(PdfDictionary dictionary)
    {
        var elements = dictionary.Elements;
        // Additional actions (on open, close, focus, keystroke…) never serve reading.
        elements.Remove("/AA");
        elements.Remove("/OpenAction");
        // The name trees of document scripts and embedded files, XFA forms (which carry their own scripts).
        elements.Remove("/JavaScript");
        elements.Remove("/EmbeddedFiles");
        elements.Remove("/XFA");
        // A file specification keeps its name, never the file itself.
        elements.Remove("/EF");
        elements.Remove("/RF");
        if (elements.ContainsKey("/S"))
        {
            // An action's chained actions (outline items have a /Next too, but no /S).
            elements.Remove("/Next");
        }
        if (Resolve(elements["/A"]) is PdfDictionary action && IsDangerous(action))
        {
            elements.Remove("/A");
        }
        if (IsDangerous(dictionary))
        {
            // An action found on its own (referenced from a place not listed here): emptied, it does nothing.
            elements.Clear();
        }
        if (Name(elements["/Type"]) == "/EmbeddedFile" && dictionary.Stream is not null)
        {
            elements.Clear();
            dictionary.Stream.Value = [];
        }
        if (Resolve(elements["/Annots"]) is PdfArray annotations)
        {
            for (var i = annotations.Elements.Count - 1; i >= 0; i--)
            {
                if (Resolve(annotations.Elements[i]) is PdfDictionary annotation && CarryingAnnotations.Contains(Name(annotation.Elements["/Subtype"])))
                {
                    annotations.Elements.RemoveAt(i);
                }
            }
        }
    }

    private static bool IsDangerous(PdfDictionary action)
    {
        var type = Name(action.Elements["/S"]);
        if (DangerousActions.Contains(type) || action.Elements.ContainsKey("/JS"))
        {
            return true;
        }
        if (type == "/URI")
        {
            var uri = Resolve(action.Elements["/URI"]) is PdfString text ? text.Value.Trim() : "";
            return !SafeUriSchemes.Any(scheme => uri.StartsWith(scheme, StringComparison.OrdinalIgnoreCase));
        }
        return false;
    }

    private static string Name(PdfItem? item) => Resolve(item) is PdfName name ? name.Value : "";

    private static PdfItem? Resolve(PdfItem? item) => item is PdfReference reference ? reference.Value : item;
}
