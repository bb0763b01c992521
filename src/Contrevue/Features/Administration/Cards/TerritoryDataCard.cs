using Contrevue.Data;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Administration.Cards;

/// <summary>
/// Which territory data is served: the last import's origin, date and counts. It belongs with the
/// territories (their import is theirs); it waits here until Territories registers it itself.
/// </summary>
public sealed class TerritoryDataCard(ContrevueDbContext db) : IAdminDashboardCard
{
    public sealed record View(TerritoryImport? LastImport);

    public int Order => 200;

    public string PartialName => "/Features/Administration/Cards/_TerritoryDataCard.cshtml";

    public async Task<object> LoadAsync(CancellationToken cancellationToken) =>
        new View(await db.Set<TerritoryImport>().AsNoTracking().OrderByDescending(i => i.Id).FirstOrDefaultAsync(cancellationToken));
}
