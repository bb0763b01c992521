using Contrevue.Infrastructure.Audit;
using Contrevue.Data;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Collectives;

public sealed record CollectiveSummary(int Id, string Name, int MemberCount, IReadOnlyList<string> Territories);

public sealed class CollectiveService(ContrevueDbContext db, AuditLog audit, TimeProvider time, IStringLocalizer<SharedResource> localizer)
{
    /// <summary>Territories are references separated by commas, spaces or lines: "42218, departement:42".</summary>
    public async Task<(Collective? Collective, List<string> Errors)> CreateAsync(
        string adminId, string? name, string? description, string? territories, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        name = name?.Trim();
        description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > Collective.MaxNameLength)
        {
            errors.Add(localizer["Le nom est requis ({0} caractères au plus).", Collective.MaxNameLength]);
        }
        else if (await db.Set<Collective>().AnyAsync(c => c.Name == name, cancellationToken))
        {
            errors.Add(localizer["Un collectif s'appelle déjà « {0} ».", name]);
        }
        if (description is { Length: > Collective.MaxDescriptionLength })
        {
            errors.Add(localizer["La description ne peut pas dépasser {0} caractères.", Collective.MaxDescriptionLength]);
        }
        var references = new List<TerritoryReference>();
        foreach (var text in (territories ?? "").Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Distinct())
        {
            if (!TerritoryReference.TryParse(text, out var reference) || await db.NameOfAsync(reference.Value, cancellationToken) is null)
            {
                errors.Add(localizer["Territoire inconnu : {0}.", text]);
            }
            else
            {
                references.Add(reference.Value);
            }
        }
        if (references.Count == 0 && errors.Count == 0)
        {
            errors.Add("Indiquez au moins un territoire couvert (42218, departement:42, epci:…).");
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        var collective = new Collective
        {
            Name = name!,
            Description = description,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            Territories = [.. references.Distinct().Select(r => new CollectiveTerritory { TerritoryKind = r.Kind, TerritoryCode = r.Code })],
        };
        db.Add(collective);
        await db.SaveChangesAsync(cancellationToken);
        audit.Record(adminId, "collective.create", $"collective:{collective.Id}", collective.Name);
        await db.SaveChangesAsync(cancellationToken);
        return (collective, errors);
    }

    public Task<Collective?> FindAsync(int id, CancellationToken cancellationToken) =>
        db.Set<Collective>().AsNoTracking().Include(c => c.Territories).Include(c => c.Members).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);

    public async Task<List<CollectiveSummary>> ListAsync(string? memberUserId, CancellationToken cancellationToken)
    {
        var query = db.Set<Collective>().AsNoTracking().Include(c => c.Territories).Include(c => c.Members).AsQueryable();
        if (memberUserId is not null)
        {
            query = query.Where(c => c.Members.Any(m => m.UserId == memberUserId));
        }
        var collectives = await query.OrderBy(c => c.Name).ToListAsync(cancellationToken);
        return [.. collectives.Select(c => new CollectiveSummary(c.Id, c.Name, c.Members.Count, [.. c.Territories.Select(t => t.Territory.ToString())]))];
    }
}
