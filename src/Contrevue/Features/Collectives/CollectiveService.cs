using Contrevue.Infrastructure.Audit;
using Contrevue.Data;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Caching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Collectives;

public sealed record CollectiveSummary(int Id, string Name, int MemberCount, IReadOnlyList<string> Territories, bool Listed);

/// <summary>
/// A collective as created or changed, by the admin form, the member's profile form or the API. Null
/// means "unchanged" on an update (name, territories, links, listed); the description is always replaced.
/// </summary>
public sealed record CollectiveInput(
    string? Name,
    string? Description,
    IReadOnlyList<string>? Territories,
    IReadOnlyList<CollectiveLinkInput>? Links,
    bool? Listed);

public abstract record CollectiveChange
{
    public sealed record Saved(Collective Collective) : CollectiveChange;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : CollectiveChange;
    public sealed record Forbidden(string Reason) : CollectiveChange;
    public sealed record NotFound : CollectiveChange;
}

public sealed class CollectiveService(ContrevueDbContext db, AuditLog audit, TimeProvider time, CacheInvalidation cache, IStringLocalizer<SharedResource> localizer)
{
    /// <summary>Territories typed in one field: references separated by commas, spaces or lines ("42218, departement:42").</summary>
    public static List<string> SplitTerritories(string? text) =>
        [.. (text ?? "").Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Distinct()];

    /// <summary>The admin form's creation: territories typed in one field; the errors in one list.</summary>
    public async Task<(Collective? Collective, List<string> Errors)> CreateAsync(
        string adminId, string? name, string? description, string? territories, CancellationToken cancellationToken) =>
        await CreateAsync(adminId, new CollectiveInput(name, description, SplitTerritories(territories), null, null), cancellationToken) switch
        {
            CollectiveChange.Saved(var collective) => (collective, []),
            CollectiveChange.Invalid(var errors) => (null, [.. errors.Values.SelectMany(e => e)]),
            _ => (null, []),
        };

    /// <summary>By an admin: a name, at least one territory; unlisted unless said otherwise.</summary>
    public async Task<CollectiveChange> CreateAsync(string adminId, CollectiveInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = await ValidNameAsync(input.Name, null, errors, cancellationToken);
        var territories = await ValidTerritoriesAsync(input.Territories ?? [], errors, cancellationToken);
        var description = ValidDescription(input.Description, errors);
        var (links, linkErrors) = CollectiveLinks.Validate(input.Links, localizer);
        if (linkErrors.Count > 0)
        {
            errors["links"] = [.. linkErrors];
        }
        if (errors.Count > 0)
        {
            return new CollectiveChange.Invalid(errors);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var collective = new Collective
        {
            Name = name!,
            Description = description,
            CreatedAt = now,
            Listed = input.Listed ?? false,
            Territories = [.. territories.Select(r => new CollectiveTerritory { TerritoryKind = r.Kind, TerritoryCode = r.Code })],
            Links = links,
        };
        db.Add(collective);
        await db.SaveChangesAsync(cancellationToken);
        audit.Record(adminId, "collective.create", $"collective:{collective.Id}", collective.Name);
        await db.SaveChangesAsync(cancellationToken);
        await CollectivesCache.EvictAsync(cache, cancellationToken);
        return new CollectiveChange.Saved(collective);
    }

    /// <summary>
    /// By an admin, or by one of the collective's members for its public profile (description, links,
    /// listed). The name and the territories stay the admins': the territories decide whose sign-ups a
    /// collective's members may read, so a member cannot widen them.
    /// </summary>
    public async Task<CollectiveChange> UpdateAsync(int id, string userId, bool isAdmin, CollectiveInput input, CancellationToken cancellationToken)
    {
        var collective = await db.Set<Collective>().Include(c => c.Territories).Include(c => c.Links).Include(c => c.Members)
            .FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (collective is null)
        {
            return new CollectiveChange.NotFound();
        }
        if (!isAdmin && collective.Members.All(m => m.UserId != userId))
        {
            return new CollectiveChange.NotFound();
        }
        var errors = new Dictionary<string, string[]>();
        string? name = null;
        if (input.Name is not null && input.Name.Trim() != collective.Name)
        {
            if (!isAdmin)
            {
                return new CollectiveChange.Forbidden(localizer["Seuls les administrateurs changent le nom et les territoires d'un collectif."]);
            }
            name = await ValidNameAsync(input.Name, id, errors, cancellationToken);
        }
        List<TerritoryReference>? territories = null;
        if (input.Territories is not null)
        {
            territories = await ValidTerritoriesAsync(input.Territories, errors, cancellationToken);
            var current = collective.Territories.Select(t => t.Territory).ToHashSet();
            if (errors.Count == 0 && current.SetEquals(territories))
            {
                territories = null;
            }
            else if (territories is not null && !isAdmin)
            {
                return new CollectiveChange.Forbidden(localizer["Seuls les administrateurs changent le nom et les territoires d'un collectif."]);
            }
        }
        var description = ValidDescription(input.Description, errors);
        List<CollectiveLink>? links = null;
        if (input.Links is not null)
        {
            var (valid, linkErrors) = CollectiveLinks.Validate(input.Links, localizer);
            if (linkErrors.Count > 0)
            {
                errors["links"] = [.. linkErrors];
            }
            links = valid;
        }
        if (errors.Count > 0)
        {
            return new CollectiveChange.Invalid(errors);
        }
        if (name is not null)
        {
            collective.Name = name;
        }
        if (territories is not null)
        {
            collective.Territories.Clear();
            collective.Territories.AddRange(territories.Select(r => new CollectiveTerritory { CollectiveId = id, TerritoryKind = r.Kind, TerritoryCode = r.Code }));
        }
        if (links is not null)
        {
            collective.Links.Clear();
            await db.SaveChangesAsync(cancellationToken);
            collective.Links.AddRange(links);
        }
        collective.Description = description;
        if (input.Listed is { } listed && listed != collective.Listed)
        {
            collective.Listed = listed;
            audit.Record(userId, listed ? "collective.list" : "collective.unlist", $"collective:{id}");
        }
        collective.UpdatedAt = time.GetUtcNow().UtcDateTime;
        audit.Record(userId, "collective.update", $"collective:{id}");
        await db.SaveChangesAsync(cancellationToken);
        await CollectivesCache.EvictAsync(cache, cancellationToken);
        return new CollectiveChange.Saved(collective);
    }

    public Task<Collective?> FindAsync(int id, CancellationToken cancellationToken) =>
        db.Set<Collective>().AsNoTracking().Include(c => c.Territories).Include(c => c.Members).Include(c => c.Links)
            .AsSplitQuery().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);

    public async Task<List<CollectiveSummary>> ListAsync(string? memberUserId, CancellationToken cancellationToken)
    {
        var query = db.Set<Collective>().AsNoTracking().Include(c => c.Territories).Include(c => c.Members).AsQueryable();
        if (memberUserId is not null)
        {
            query = query.Where(c => c.Members.Any(m => m.UserId == memberUserId));
        }
        var collectives = await query.OrderBy(c => c.Name).AsSplitQuery().ToListAsync(cancellationToken);
        return [.. collectives.Select(c => new CollectiveSummary(c.Id, c.Name, c.Members.Count, [.. c.Territories.Select(t => t.Territory.ToString())], c.Listed))];
    }

    private async Task<string?> ValidNameAsync(string? name, int? exceptId, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > Collective.MaxNameLength)
        {
            errors["name"] = [localizer["Le nom est requis ({0} caractères au plus).", Collective.MaxNameLength]];
            return null;
        }
        if (await db.Set<Collective>().AnyAsync(c => c.Name == name && c.Id != exceptId, cancellationToken))
        {
            errors["name"] = [localizer["Un collectif s'appelle déjà « {0} ».", name]];
            return null;
        }
        return name;
    }

    private string? ValidDescription(string? description, Dictionary<string, string[]> errors)
    {
        description = string.IsNullOrWhiteSpace(description) ? null : description.Trim().ReplaceLineEndings("\n");
        if (description is { Length: > Collective.MaxDescriptionLength })
        {
            errors["description"] = [localizer["La description ne peut pas dépasser {0} caractères.", Collective.MaxDescriptionLength]];
        }
        return description;
    }

    private async Task<List<TerritoryReference>> ValidTerritoriesAsync(IReadOnlyList<string> texts, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var references = new List<TerritoryReference>();
        var refused = new List<string>();
        if (texts.Count > 100)
        {
            errors["territories"] = [localizer["{0} territoires au plus.", 100]];
            return references;
        }
        foreach (var text in texts.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct())
        {
            if (!TerritoryReference.TryParse(text, out var reference) || await db.NameOfAsync(reference.Value, cancellationToken) is null)
            {
                refused.Add(localizer["Territoire inconnu : {0}.", text.Length > 40 ? text[..40] + "…" : text]);
            }
            else if (!references.Contains(reference.Value))
            {
                references.Add(reference.Value);
            }
        }
        if (refused.Count > 0)
        {
            errors["territories"] = [.. refused];
        }
        else if (references.Count == 0)
        {
            errors["territories"] = [localizer["Indiquez au moins un territoire couvert (42218, departement:42, epci:…)."]];
        }
        return references;
    }
}
