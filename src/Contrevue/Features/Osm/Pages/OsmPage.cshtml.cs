using Contrevue.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Osm.Pages;

/// <summary><c>/osm</c>: what OpenStreetMap's cameras are here, how to export them, the command, the licence, the last imports.</summary>
public sealed class OsmPageModel(ContrevueDbContext db) : PageModel
{
    public const int ImportsShown = 10;

    public IReadOnlyList<OsmImport> Imports { get; private set; } = [];

    public int CameraCount { get; private set; }

    public string ExampleQuery { get; } = OverpassQueries.For(new Territories.TerritoryReference(Territories.TerritoryKind.Commune, "42218"));

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Imports = await db.Set<OsmImport>().AsNoTracking().OrderByDescending(i => i.Id).Take(ImportsShown).ToListAsync(cancellationToken);
        CameraCount = await db.Set<OsmCamera>().CountAsync(c => c.AreaKey != Import.OsmCameraAreas.Demo, cancellationToken);
    }
}
