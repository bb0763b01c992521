using Contrevue.Infrastructure.Audit;
using Contrevue.Data;
using Contrevue.Features.Moderation;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Observatoire.Vendors;

public enum RelationSide
{
    SubjectEnd,
    ObjectEnd,
}

public abstract record ReviewOutcome
{
    public sealed record Done(string Message) : ReviewOutcome;
    public sealed record NotFound : ReviewOutcome;
    public sealed record Invalid(string Message) : ReviewOutcome;
}

/// <summary>An end of a relation waiting for a person, with the communes its name may designate.</summary>
public sealed record PendingEnd(RelationSide Side, string Name, IReadOnlyList<CommuneCandidate> Candidates);

public sealed record PendingRelation(RelationView Relation, IReadOnlyList<PendingEnd> Ends);

/// <summary>
/// The moderators' side of the vendor graph: the relations an import could not match without guessing,
/// and the decisions that settle them (this commune, or an organisation). Each decision is audited.
/// </summary>
public sealed class VendorReview(
    ContrevueDbContext db, VendorQueries queries, AuditLog audit, TimeProvider time, Infrastructure.Caching.CacheInvalidation cache, IStringLocalizer<SharedResource> text)
{
    public const int MaxListed = 200;

    public Task<int> CountAsync(CancellationToken cancellationToken) =>
        db.Set<VendorRelation>().CountAsync(r => r.NeedsReview, cancellationToken);

    public async Task<List<PendingRelation>> PendingAsync(CancellationToken cancellationToken)
    {
        var relations = await queries.RelationsAsync(
            db.Set<VendorRelation>().Where(r => r.NeedsReview).OrderBy(r => r.Id).Take(MaxListed), cancellationToken);
        var ends = relations
            .SelectMany(r => new[] { (Relation: r, Side: RelationSide.SubjectEnd, End: r.SubjectEnd), (Relation: r, Side: RelationSide.ObjectEnd, End: r.ObjectEnd) })
            .Where(e => IsOpen(e.End))
            .ToList();
        var index = await CommuneNameIndex.LoadForAsync(db, ends.Select(e => e.End.Name), cancellationToken);
        return [.. relations.OrderBy(r => r.Id).Select(r => new PendingRelation(r,
            [.. ends.Where(e => e.Relation.Id == r.Id).Select(e => new PendingEnd(e.Side, e.End.Name, CandidatesOf(e.End.Name)))]))];

        IReadOnlyList<CommuneCandidate> CandidatesOf(string node)
        {
            if (CommuneNameIndex.CommuneNameOf(node) is not (var name, var departement))
            {
                return [];
            }
            var found = index.Candidates(name, departement);
            return found.Count > 0 ? found : index.Candidates(name, null);
        }
    }

    /// <summary>The end is this commune, given by its INSEE code.</summary>
    public async Task<ReviewOutcome> LinkCommuneAsync(int relationId, RelationSide side, string? code, string moderatorId, CancellationToken cancellationToken)
    {
        code = code?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(code))
        {
            return new ReviewOutcome.Invalid(text["Indiquez le code INSEE de la commune (5 caractères, par exemple 93066)."]);
        }
        var commune = await db.Set<Commune>().AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, cancellationToken);
        if (commune is null)
        {
            return new ReviewOutcome.Invalid(text["Aucune commune n'a le code INSEE « {0} ».", code]);
        }
        var relation = await db.Set<VendorRelation>().FirstOrDefaultAsync(r => r.Id == relationId, cancellationToken);
        if (relation is null)
        {
            return new ReviewOutcome.NotFound();
        }
        if (!IsOpen(relation, side))
        {
            return new ReviewOutcome.Invalid(text["Cette extrémité de la relation est déjà reliée."]);
        }
        var name = side == RelationSide.SubjectEnd ? relation.SubjectName : relation.ObjectName;
        if (side == RelationSide.SubjectEnd)
        {
            relation.SubjectCommuneCode = commune.Code;
        }
        else
        {
            relation.ObjectCommuneCode = commune.Code;
        }
        Settle(relation);
        audit.Record(moderatorId, "vendor-relation.link-commune", $"vendor-relation:{relation.Id}",
            $"« {name} » → {commune.Code} ({commune.Name})");
        await db.SaveChangesAsync(cancellationToken);
        await cache.EvictAsync([ObservatoireCache.ListsTag], cancellationToken);
        return new ReviewOutcome.Done(text["« {0} » est relié à la commune {1} ({2}).", name, commune.Name, commune.Code]);
    }

    /// <summary>The end is an organisation: the vendor of that name, created if there is none.</summary>
    public async Task<ReviewOutcome> MarkVendorAsync(int relationId, RelationSide side, string moderatorId, CancellationToken cancellationToken)
    {
        var relation = await db.Set<VendorRelation>().FirstOrDefaultAsync(r => r.Id == relationId, cancellationToken);
        if (relation is null)
        {
            return new ReviewOutcome.NotFound();
        }
        if (!IsOpen(relation, side))
        {
            return new ReviewOutcome.Invalid(text["Cette extrémité de la relation est déjà reliée."]);
        }
        var name = side == RelationSide.SubjectEnd ? relation.SubjectName : relation.ObjectName;
        var vendor = await VendorDirectory.FindOrCreateAsync(db, name, time, cancellationToken);
        var created = db.Entry(vendor).State == EntityState.Added;
        if (created)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        if (side == RelationSide.SubjectEnd)
        {
            relation.SubjectVendorId = vendor.Id;
        }
        else
        {
            relation.ObjectVendorId = vendor.Id;
        }
        Settle(relation);
        audit.Record(moderatorId, "vendor-relation.mark-vendor", $"vendor-relation:{relation.Id}",
            $"« {name} » → fournisseur {vendor.Slug}{(created ? " (créé)" : "")}");
        await db.SaveChangesAsync(cancellationToken);
        // The vendors' pages, cached with the lists, show their relations.
        await cache.EvictAsync([ObservatoireCache.ListsTag], cancellationToken);
        return new ReviewOutcome.Done(text["« {0} » est relié au fournisseur {1}.", name, vendor.Name]);
    }

    /// <summary>Waits no more once both ends lead somewhere; the note that said why is then dropped.</summary>
    private static void Settle(VendorRelation relation)
    {
        if (!IsOpen(relation, RelationSide.SubjectEnd) && !IsOpen(relation, RelationSide.ObjectEnd))
        {
            relation.NeedsReview = false;
            relation.ReviewNote = null;
        }
    }

    private static bool IsOpen(VendorRelation relation, RelationSide side) => side == RelationSide.SubjectEnd
        ? relation.SubjectVendorId is null && relation.SubjectCommuneCode is null
        : relation.ObjectVendorId is null && relation.ObjectCommuneCode is null;

    private static bool IsOpen(RelationEnd end) => end.VendorSlug is null && end.CommuneCode is null;
}
