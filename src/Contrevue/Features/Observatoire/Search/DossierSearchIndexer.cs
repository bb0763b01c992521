using Contrevue.Data;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire.Search;

/// <summary>
/// Keeps the search index in step with the dossiers. The app writes it (no database trigger), so both
/// providers behave alike: <see cref="DossierService"/> calls it after each save, imports and the demo
/// generator call <see cref="IndexAsync(IEnumerable{int}, CancellationToken)"/> or <see cref="RebuildAsync"/>.
/// Indexed: title, summary, authority name, vendor names and products, and the titles and publishers
/// of the sources that are not hidden (a reported source stops making its dossier findable).
/// </summary>
public sealed class DossierSearchIndexer(ContrevueDbContext db, IDossierSearch search, ILogger<DossierSearchIndexer> logger) : Infrastructure.Backup.IRestoredDataRebuilder
{
    public const int BatchSize = 500;

    /// <summary>Indexes one dossier from its entity, with its vendors (and their <see cref="DossierVendor.Vendor"/>) and sources loaded.</summary>
    public Task IndexAsync(Dossier dossier, CancellationToken cancellationToken) =>
        search.WriteAsync([new DossierSearchText(dossier.Id, TextOf(
            dossier.Title, dossier.Summary, dossier.AuthorityName,
            dossier.Vendors.SelectMany(v => new[] { v.Vendor?.Name, v.Product }),
            dossier.Sources.Where(s => !s.IsHidden).SelectMany(s => new[] { s.Title, s.Publisher })))], cancellationToken);

    /// <summary>Indexes (again) these dossiers, read from the database in batches: the bulk path for imports and generators.</summary>
    public async Task IndexAsync(IEnumerable<int> dossierIds, CancellationToken cancellationToken)
    {
        foreach (var batch in dossierIds.Distinct().Chunk(BatchSize))
        {
            var dossiers = await db.Set<Dossier>().AsNoTracking()
                .Where(d => batch.Contains(d.Id))
                .Select(d => new { d.Id, d.Title, d.Summary, d.AuthorityName })
                .ToListAsync(cancellationToken);
            var vendors = (await db.Set<DossierVendor>().AsNoTracking()
                    .Where(v => batch.Contains(v.DossierId))
                    .Select(v => new { v.DossierId, v.Vendor!.Name, v.Product })
                    .ToListAsync(cancellationToken))
                .ToLookup(v => v.DossierId);
            var sources = (await db.Set<Source>().AsNoTracking()
                    .Where(s => batch.Contains(s.DossierId) && !s.IsHidden)
                    .Select(s => new { s.DossierId, s.Title, s.Publisher })
                    .ToListAsync(cancellationToken))
                .ToLookup(s => s.DossierId);
            var rows = dossiers.Select(d => new DossierSearchText(d.Id, TextOf(
                d.Title, d.Summary, d.AuthorityName,
                vendors[d.Id].SelectMany(v => new[] { v.Name, v.Product }),
                sources[d.Id].SelectMany(s => new[] { s.Title, s.Publisher })))).ToList();
            await search.WriteAsync(rows, cancellationToken);
        }
    }

    /// <summary>Empties the index and indexes every dossier again.</summary>
    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        // In one transaction (unless the caller has one): searches never see a half-built index.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await search.ClearAsync(cancellationToken);
        var ids = await db.Set<Dossier>().AsNoTracking().OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(cancellationToken);
        await IndexAsync(ids, cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        await search.RefreshStatisticsAsync(cancellationToken);
        logger.LogInformation("Index de recherche des dossiers reconstruit : {Count} dossiers.", ids.Count);
    }

    /// <summary>At start-up: rebuilds the index when it is empty but dossiers exist (after the migration that adds it, or a restore).</summary>
    public async Task<bool> RebuildIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (!await search.IsEmptyAsync(cancellationToken) || !await db.Set<Dossier>().AnyAsync(cancellationToken))
        {
            return false;
        }
        await RebuildAsync(cancellationToken);
        return true;
    }

    private static string TextOf(string title, string summary, string authorityName, IEnumerable<string?> vendorTexts, IEnumerable<string?> sourceTexts) =>
        string.Join('\n', new[] { title, summary, authorityName }.Concat(vendorTexts).Concat(sourceTexts).Where(t => !string.IsNullOrWhiteSpace(t)));
}
