using Contrevue.Data;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Contacts.Import;

/// <summary>
/// Writes the open data of the annuaire (the mairie's address, e-mail and website) and of the
/// répertoire des élus (the mayor's name) into communes' contacts. Each import changes only its own
/// fields, leaves contacts a moderator published untouched (<see cref="ContactFacts.IsModeratorVerified"/>),
/// and records every change as a revision of the commune's history. One transaction: a failure
/// changes nothing; the same file twice changes nothing the second time.
/// </summary>
public sealed class ContactImporter(ContrevueDbContext db, ContactService contacts, TimeProvider time)
{
    private const int SaveEvery = 1_000;

    public Task<ContactImportReport> ImportAsync(AnnuaireFile file, CancellationToken cancellationToken)
    {
        var report = new ContactImportReport
        {
            Source = AnnuaireFile.SourceName,
            Entries = file.Mairies.Count,
            Secondary = file.SecondaryMairies,
            Malformed = file.Malformed,
        };
        return ApplyAsync(file.Mairies, m => m.Code, Merge, $"Import : {AnnuaireFile.SourceName}", report, cancellationToken);
    }

    public Task<ContactImportReport> ImportAsync(ElusFile file, CancellationToken cancellationToken)
    {
        var report = new ContactImportReport { Source = ElusFile.SourceName, Entries = file.Mayors.Count, Malformed = file.Malformed };
        return ApplyAsync(file.Mayors, m => m.Code, Merge, $"Import : {ElusFile.SourceName}", report, cancellationToken);
    }

    /// <summary>The annuaire's fields replace the ones an earlier annuaire import wrote; the mayor and the PRADA stay.</summary>
    internal static ContactFacts? Merge(MairieEntry mairie, ContactFacts current, DateOnly today)
    {
        if (mairie.PostalAddress is null && mairie.Email is null && mairie.Website is null)
        {
            return null;
        }
        var source = mairie.UpdatedOn is { } updatedOn
            ? $"{AnnuaireFile.SourceName}, fiche mise à jour le {FrenchDates.Format(updatedOn)}"
            : AnnuaireFile.SourceName;
        var next = current with { PostalAddress = mairie.PostalAddress, Email = mairie.Email, Website = mairie.Website, AddressSource = source };
        return next == current ? current : next with { AddressImportedOn = today };
    }

    /// <summary>The mayor's name replaces the one an earlier import wrote; the annuaire's fields stay.</summary>
    internal static ContactFacts Merge(MayorEntry mayor, ContactFacts current, DateOnly today)
    {
        var next = current with { Mayor = mayor.Name, MayorSource = ElusFile.SourceName };
        return next == current ? current : next with { MayorImportedOn = today };
    }

    private async Task<ContactImportReport> ApplyAsync<T>(
        IReadOnlyList<T> entries, Func<T, string> codeOf, Func<T, ContactFacts, DateOnly, ContactFacts?> merge, string reason,
        ContactImportReport report, CancellationToken cancellationToken)
    {
        var communes = (await db.Set<Commune>().AsNoTracking().Where(c => c.Kind == CommuneKind.Commune).Select(c => c.Code).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var today = Infrastructure.Time.ParisCalendar.Today(time);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = await db.Set<TerritoryContact>()
            .Where(c => c.TerritoryKind == TerritoryKind.Commune)
            .ToDictionaryAsync(c => c.TerritoryCode, StringComparer.Ordinal, cancellationToken);
        var pending = 0;
        foreach (var entry in entries)
        {
            var code = codeOf(entry);
            if (!communes.Contains(code))
            {
                report.UnknownCodes.Add(code);
                continue;
            }
            existing.TryGetValue(code, out var contact);
            var current = contact?.Facts ?? new ContactFacts();
            if (current.IsModeratorVerified)
            {
                report.KeptVerified.Add(code);
                continue;
            }
            if (merge(entry, current, today) is not { } next)
            {
                report.WithoutContact++;
                continue;
            }
            if (next == current)
            {
                report.Unchanged++;
                continue;
            }
            if (current.IsEmpty)
            {
                report.Created++;
            }
            else
            {
                report.Updated++;
            }
            contacts.Change(contact, new TerritoryReference(TerritoryKind.Commune, code), next, null, null, reason, null);
            if (++pending % SaveEvery == 0)
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (report.Created + report.Updated > 0)
        {
            await contacts.PublishedAsync(cancellationToken);
        }
        return report;
    }
}
