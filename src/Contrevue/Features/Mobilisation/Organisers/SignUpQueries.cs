using System.Security.Claims;
using Contrevue.Data;
using Contrevue.Features.Collectives;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Mobilisation.Organisers;

/// <summary>Filters of the organisers' list: a territory the sign-ups lie in, a help code.</summary>
public sealed record SignUpFilter(TerritoryReference? Territory, string? HelpCode);

/// <summary>
/// Who sees which confirmed sign-ups: moderators and admins all of them, a collective's member those
/// lying in a territory one of their collectives covers (a commune's sign-up is in its département, its
/// région, its EPCI), nobody else any.
/// </summary>
public sealed class SignUpQueries(ContrevueDbContext db, CollectiveDirectory collectives)
{
    public const int MostRows = 5_000;

    public static bool SeesAll(ClaimsPrincipal user) => user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.Admin);

    public async Task<List<SignUp>> VisibleAsync(ClaimsPrincipal user, SignUpFilter filter, CancellationToken cancellationToken)
    {
        var query = db.Set<SignUp>().AsNoTracking().Where(s => s.ConfirmedAt != null);
        if (!SeesAll(user))
        {
            var covered = await collectives.TerritoriesOfMemberAsync(user.FindFirstValue(ClaimTypes.NameIdentifier), cancellationToken);
            if (covered.Count == 0)
            {
                return [];
            }
            query = InAny(query, covered);
        }
        if (filter.Territory is { } territory)
        {
            query = InAny(query, [territory]);
        }
        if (!string.IsNullOrEmpty(filter.HelpCode))
        {
            // Codes are whole words of a comma list: match them with their commas.
            var code = "," + filter.HelpCode + ",";
            query = query.Where(s => ("," + s.HelpWith + ",").Contains(code));
        }
        return await query.OrderByDescending(s => s.ConfirmedAt).ThenByDescending(s => s.Id).Take(MostRows).ToListAsync(cancellationToken);
    }

    /// <summary>The visible sign-ups among <paramref name="ids"/>: what a selection may act on.</summary>
    public async Task<List<SignUp>> VisibleAmongAsync(ClaimsPrincipal user, IReadOnlyCollection<int> ids, CancellationToken cancellationToken) =>
        [.. (await VisibleAsync(user, new SignUpFilter(null, null), cancellationToken)).Where(s => ids.Contains(s.Id))];

    public Task<int> ConfirmedCountAsync(CancellationToken cancellationToken) =>
        db.Set<SignUp>().CountAsync(s => s.ConfirmedAt != null, cancellationToken);

    private static IQueryable<SignUp> InAny(IQueryable<SignUp> query, IReadOnlyCollection<TerritoryReference> territories)
    {
        var communes = territories.Where(t => t.Kind == TerritoryKind.Commune).Select(t => t.Code).ToList();
        var departements = territories.Where(t => t.Kind == TerritoryKind.Departement).Select(t => t.Code).ToList();
        var epcis = territories.Where(t => t.Kind == TerritoryKind.Epci).Select(t => t.Code).ToList();
        var regions = territories.Where(t => t.Kind == TerritoryKind.Region).Select(t => t.Code).ToList();
        return query.Where(s =>
            (s.CommuneCode != null && communes.Contains(s.CommuneCode))
            || (s.CityCode != null && communes.Contains(s.CityCode))
            || (s.DepartementCode != null && departements.Contains(s.DepartementCode))
            || (s.EpciSiren != null && epcis.Contains(s.EpciSiren))
            || (s.RegionCode != null && regions.Contains(s.RegionCode)));
    }
}
