using Contrevue.Infrastructure.Caching;
using Contrevue.Infrastructure;
using Contrevue.Infrastructure.History;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Territories;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Contacts;

/// <summary>Reads and changes a territory's contact facts; every change is a revision.</summary>
[Seam]
public sealed class ContactService(ContrevueDbContext db, TimeProvider time, CacheInvalidation cache, TerritoryDataVersion dataVersion)
{
    public const string EntityType = "territory-contact";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ContactFacts?> FindAsync(TerritoryReference territory, CancellationToken cancellationToken)
    {
        var contact = await db.Set<TerritoryContact>().AsNoTracking()
            .FirstOrDefaultAsync(c => c.TerritoryKind == territory.Kind && c.TerritoryCode == territory.Code, cancellationToken);
        return contact is null || contact.Facts.IsEmpty ? null : contact.Facts;
    }

    public async Task<Dictionary<string, ContactFacts>> FindManyAsync(TerritoryKind kind, IReadOnlyCollection<string> codes, CancellationToken cancellationToken)
    {
        var contacts = await db.Set<TerritoryContact>().AsNoTracking()
            .Where(c => c.TerritoryKind == kind && codes.Contains(c.TerritoryCode))
            .ToListAsync(cancellationToken);
        return contacts.Where(c => !c.Facts.IsEmpty).ToDictionary(c => c.TerritoryCode, c => c.Facts);
    }

    /// <summary>Replaces the facts and records the revision; the caller saves (one transaction with the decision).</summary>
    public async Task<Revision> ChangeAsync(
        TerritoryReference territory, ContactFacts facts, string? authorUserId, int? authorProposalId, string? reason, int? revertsRevisionId,
        CancellationToken cancellationToken)
    {
        var contact = await db.Set<TerritoryContact>()
            .FirstOrDefaultAsync(c => c.TerritoryKind == territory.Kind && c.TerritoryCode == territory.Code, cancellationToken);
        return Change(contact, territory, facts, authorUserId, authorProposalId, reason, revertsRevisionId);
    }

    /// <summary>
    /// As <see cref="ChangeAsync"/> on a contact already loaded and tracked (null when the territory
    /// has none yet): imports change thousands of contacts read in one query.
    /// </summary>
    public Revision Change(
        TerritoryContact? contact, TerritoryReference territory, ContactFacts facts, string? authorUserId, int? authorProposalId, string? reason, int? revertsRevisionId)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var before = contact is null ? null : JsonSerializer.Serialize(contact.Facts, Json);
        if (contact is null)
        {
            contact = new TerritoryContact { TerritoryKind = territory.Kind, TerritoryCode = territory.Code };
            db.Add(contact);
        }
        contact.Facts = facts;
        contact.UpdatedAt = now;
        var revision = new Revision
        {
            EntityType = EntityType,
            EntityKey = territory.ToString(),
            CreatedAt = now,
            AuthorUserId = authorUserId,
            AuthorProposalId = authorProposalId,
            Reason = reason,
            Before = before,
            After = JsonSerializer.Serialize(facts, Json),
            RevertsRevisionId = revertsRevisionId,
        };
        db.Add(revision);
        return revision;
    }

    /// <summary>After a change is saved: pages and ETags show it at once.</summary>
    public async Task PublishedAsync(CancellationToken cancellationToken)
    {
        dataVersion.Invalidate();
        await cache.EvictAsync([TerritoryCache.Tag], cancellationToken);
    }
}
