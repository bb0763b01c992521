using Contrevue.Infrastructure.Caching;
using Contrevue.Infrastructure.History;
using Contrevue.Infrastructure.Audit;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Moderation;
using Contrevue.Features.Observatoire.Search;
using Contrevue.Features.Territories;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Observatoire;

public abstract record DossierChange
{
    public sealed record Saved(Dossier Dossier, Revision Revision) : DossierChange;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : DossierChange;
    public sealed record NotFound : DossierChange;
    /// <summary>Someone else saved the dossier since the version this change was made from.</summary>
    public sealed record Conflict(int CurrentVersion) : DossierChange;
}

/// <summary>
/// Reads and writes dossiers. Every write is a revision holding the whole dossier before and after
/// (its history), and the public pages that show it are refreshed at once.
/// </summary>
public sealed class DossierService(
    ContrevueDbContext db, DossierEditor editor, FlagContext flags, AuditLog audit, TimeProvider time,
    CacheInvalidation cache, TerritoryDataVersion dataVersion, DossierSearchIndexer searchIndex, IStringLocalizer<SharedResource> text)
{
    public const string EntityType = "dossier";
    public const string ConflictTitle = "Le dossier a été modifié entre-temps";
    public const string ConflictDetail = "Quelqu'un d'autre a enregistré ce dossier depuis que vous l'avez ouvert : votre modification n'a pas été enregistrée. Relisez la version actuelle, puis renvoyez votre modification.";
    public const string ObservatoireCacheTag = ObservatoireCache.AllTag;

    public static readonly JsonSerializerOptions Json = Infrastructure.Web.CompactJson.Options;

    public static string EntityKey(int id) => $"dossier:{id}";

    /// <summary>The cache tags of the pages that show the dossiers changed in this scope, before and after the change.</summary>
    private readonly HashSet<string> _changedPages = [];

    public IQueryable<Dossier> WithDetails() => db.Set<Dossier>()
        .Include(d => d.Vendors).ThenInclude(v => v.Vendor)
        .Include(d => d.Sources)
        .Include(d => d.StatusChanges)
        .Include(d => d.Fundings)
        .AsSplitQuery();

    public Task<Dossier?> FindAsync(int id, CancellationToken cancellationToken) =>
        WithDetails().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);

    public DossierDocument Document(Dossier dossier, bool includeHidden) => dossier.AsDocument(flags.Of(dossier), includeHidden);

    /// <summary>The editor's errors for a document, without saving anything (to show every mistake of a form at once).</summary>
    public async Task<Dictionary<string, string[]>> CheckAsync(DossierDocument input, int? existingId, CancellationToken cancellationToken)
    {
        var dossier = existingId is { } id
            ? await WithDetails().FirstOrDefaultAsync(d => d.Id == id, cancellationToken) ?? new Dossier { Slug = "", Title = "", AuthorityName = "" }
            : new Dossier { Slug = "", Title = "", AuthorityName = "" };
        var errors = await editor.ApplyAsync(dossier, input, cancellationToken);
        // A vendor the check would create must not be saved by a later write of this scope.
        db.ChangeTracker.Clear();
        return errors;
    }

    public Task<DossierChange> CreateAsync(DossierDocument input, string authorUserId, CancellationToken cancellationToken) =>
        CreateAsync(input, authorUserId, null, cancellationToken);

    /// <param name="proposalId">When the dossier is a public proposal a moderator approved: its author in the history.</param>
    public async Task<DossierChange> CreateAsync(DossierDocument input, string? authorUserId, int? proposalId, CancellationToken cancellationToken)
    {
        var dossier = new Dossier { Slug = "", Title = "", AuthorityName = "" };
        var errors = await editor.ApplyAsync(dossier, input, cancellationToken);
        if (errors.Count > 0)
        {
            return new DossierChange.Invalid(errors);
        }
        // A moderator's approval already holds a transaction: the dossier and the decision are saved together.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        db.Add(dossier);
        await db.SaveChangesAsync(cancellationToken);
        var revision = Record(dossier, null, authorUserId, proposalId, proposalId is null ? "Création du dossier" : "Dossier proposé par le public, approuvé", null);
        audit.Record(authorUserId, "dossier.create", EntityKey(dossier.Id), dossier.Title);
        await db.SaveChangesAsync(cancellationToken);
        await searchIndex.IndexAsync(dossier, cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
            await PublishedAsync(cancellationToken);
        }
        return new DossierChange.Saved(dossier, revision);
    }

    public Task<DossierChange> UpdateAsync(int id, DossierDocument input, string authorUserId, string? reason, CancellationToken cancellationToken) =>
        UpdateAsync(id, input, authorUserId, reason, revertsRevisionId: null, expectedVersion: null, cancellationToken);

    public Task<DossierChange> UpdateAsync(int id, DossierDocument input, string authorUserId, string? reason, int? revertsRevisionId, CancellationToken cancellationToken) =>
        UpdateAsync(id, input, authorUserId, reason, revertsRevisionId, expectedVersion: null, cancellationToken);

    /// <param name="revertsRevisionId">When the update restores what a revision replaced (a revert).</param>
    /// <param name="expectedVersion">The <see cref="Dossier.Version"/> the change was made from (a form, an If-Match); null for the version read here.</param>
    public async Task<DossierChange> UpdateAsync(
        int id, DossierDocument input, string authorUserId, string? reason, int? revertsRevisionId, int? expectedVersion, CancellationToken cancellationToken)
    {
        if (reason is { Length: > ModerationService.MaxReasonLength })
        {
            return new DossierChange.Invalid(new() { ["reason"] = [text["La raison tient en {0} caractères au plus.", ModerationService.MaxReasonLength]] });
        }
        var dossier = await WithDetails().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (dossier is null)
        {
            return new DossierChange.NotFound();
        }
        if (expectedVersion is { } expected && expected != dossier.Version)
        {
            return new DossierChange.Conflict(dossier.Version);
        }
        var before = SnapshotBefore(dossier);
        var errors = await editor.ApplyAsync(dossier, input, cancellationToken);
        if (errors.Count > 0)
        {
            return new DossierChange.Invalid(errors);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Claimed first, in one statement: of two simultaneous saves the second waits for the first
        // (row lock on PostgreSQL, write lock on SQLite), then finds the version moved and touches nothing.
        var loaded = dossier.Version;
        var claimed = await db.Set<Dossier>().Where(d => d.Id == id && d.Version == loaded)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.Version, loaded + 1), cancellationToken);
        if (claimed == 0)
        {
            return await ConflictAsync(id, cancellationToken);
        }
        db.Entry(dossier).Property(d => d.Version).OriginalValue = dossier.Version = loaded + 1;
        Revision revision;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            revision = Record(dossier, before, authorUserId, null, string.IsNullOrWhiteSpace(reason) ? "Modification du dossier" : reason.Trim(), revertsRevisionId);
            audit.Record(authorUserId, "dossier.update", EntityKey(dossier.Id), dossier.Title);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A row of the dossier (a source, a step) changed under a writer that does not raise the version.
            await transaction.RollbackAsync(cancellationToken);
            return await ConflictAsync(id, cancellationToken);
        }
        await searchIndex.IndexAsync(dossier, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await PublishedAsync(cancellationToken);
        return new DossierChange.Saved(dossier, revision);
    }

    /// <summary>Adds one source (a moderator's, or a public proposal once approved) as a revision of the dossier.</summary>
    public async Task<DossierChange> AddSourceAsync(int dossierId, SourceDocument input, string? authorUserId, int? proposalId, string reason, CancellationToken cancellationToken)
    {
        var dossier = await WithDetails().FirstOrDefaultAsync(d => d.Id == dossierId, cancellationToken);
        if (dossier is null)
        {
            return new DossierChange.NotFound();
        }
        var before = SnapshotBefore(dossier);
        var source = new Source { Title = "", DossierId = dossierId, CreatedAt = time.GetUtcNow().UtcDateTime };
        if (!await editor.ReadSourceAsync(source, input with { Id = null }, "source", cancellationToken))
        {
            return new DossierChange.Invalid(editor.Errors);
        }
        dossier.Sources.Add(source);
        dossier.UpdatedAt = source.CreatedAt;
        dossier.Version++;
        await db.SaveChangesAsync(cancellationToken);
        var revision = Record(dossier, before, authorUserId, proposalId, reason, null);
        await db.SaveChangesAsync(cancellationToken);
        await searchIndex.IndexAsync(dossier, cancellationToken);
        return new DossierChange.Saved(dossier, revision);
    }

    /// <summary>Hides or shows a dossier or a source (reports, moderators' decisions), as a revision.</summary>
    public async Task<Revision?> SetHiddenAsync(ReportTargetKind kind, int targetId, bool hidden, string? authorUserId, string reason, CancellationToken cancellationToken)
    {
        var dossierId = kind == ReportTargetKind.Dossier
            ? targetId
            : await db.Set<Source>().Where(s => s.Id == targetId).Select(s => (int?)s.DossierId).FirstOrDefaultAsync(cancellationToken) ?? 0;
        var dossier = await WithDetails().FirstOrDefaultAsync(d => d.Id == dossierId, cancellationToken);
        if (dossier is null)
        {
            return null;
        }
        var before = SnapshotBefore(dossier);
        var now = time.GetUtcNow().UtcDateTime;
        dossier.Version++;
        if (kind == ReportTargetKind.Dossier)
        {
            dossier.IsHidden = hidden;
            dossier.HiddenAt = hidden ? now : null;
        }
        else
        {
            var source = dossier.Sources.First(s => s.Id == targetId);
            source.IsHidden = hidden;
            source.HiddenAt = hidden ? now : null;
        }
        // Written at once, before the caller saves: a hidden source's words leave the index.
        await searchIndex.IndexAsync(dossier, cancellationToken);
        return Record(dossier, before, authorUserId, null, reason, null);
    }

    /// <summary>
    /// After a change is saved: the pages, feeds and ETags that show dossiers show it at once. Only the changed
    /// dossiers' pages and the lists are evicted; a change made without this service (demo data) evicts every page.
    /// </summary>
    public async Task PublishedAsync(CancellationToken cancellationToken)
    {
        dataVersion.Invalidate();
        string[] pages = _changedPages.Count == 0 ? [ObservatoireCache.AllTag] : [ObservatoireCache.ListsTag, .. _changedPages];
        _changedPages.Clear();
        await cache.EvictAsync([TerritoryCache.Tag, .. pages], cancellationToken);
    }

    private string SnapshotBefore(Dossier dossier)
    {
        _changedPages.Add(ObservatoireCache.DossierTag(dossier.Id));
        return Snapshot(dossier);
    }

    private async Task<DossierChange> ConflictAsync(int id, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var current = await db.Set<Dossier>().Where(d => d.Id == id).Select(d => (int?)d.Version).FirstOrDefaultAsync(cancellationToken);
        return current is { } version ? new DossierChange.Conflict(version) : new DossierChange.NotFound();
    }

    private string Snapshot(Dossier dossier) => JsonSerializer.Serialize(dossier.AsDocument(DossierFlag.None, includeHidden: true) with { Flags = null }, Json);

    private Revision Record(Dossier dossier, string? before, string? authorUserId, int? proposalId, string reason, int? revertsRevisionId)
    {
        _changedPages.Add(ObservatoireCache.DossierTag(dossier.Id));
        var revision = new Revision
        {
            EntityType = EntityType,
            EntityKey = EntityKey(dossier.Id),
            CreatedAt = time.GetUtcNow().UtcDateTime,
            AuthorUserId = authorUserId,
            AuthorProposalId = proposalId,
            Reason = reason,
            Before = before,
            After = Snapshot(dossier),
            RevertsRevisionId = revertsRevisionId,
        };
        db.Add(revision);
        return revision;
    }
}
