using Contrevue.Infrastructure.Audit;
using Contrevue.Infrastructure.History;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Contacts;

/// <summary>The revisions of a territory's contacts, field by field, and their reverting by a moderator.</summary>
public sealed class ContactHistory(ContrevueDbContext db, ContactService contacts, AuditLog audit)
{
    public async Task<List<RevisionDto>> ForAsync(TerritoryReference territory, CancellationToken cancellationToken)
    {
        var key = territory.ToString();
        var revisions = await db.Set<Revision>().AsNoTracking()
            .Where(r => r.EntityType == ContactService.EntityType && r.EntityKey == key)
            .OrderByDescending(r => r.Id)
            .ToListAsync(cancellationToken);
        return [.. revisions.Select(AsDto)];
    }

    /// <summary>Restores the values a revision replaced, as a new revision; null when it is no contacts' revision.</summary>
    public async Task<Revision?> RevertAsync(int revisionId, string moderatorId, string? reason, CancellationToken cancellationToken)
    {
        var revision = await db.Set<Revision>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == revisionId, cancellationToken);
        if (revision is null || revision.EntityType != ContactService.EntityType
            || !TerritoryReference.TryParse(revision.EntityKey, out var territory))
        {
            return null;
        }
        var restored = revision.Before is null ? new ContactFacts() : JsonSerializer.Deserialize<ContactFacts>(revision.Before, ContactService.Json) ?? new ContactFacts();
        var revert = await contacts.ChangeAsync(territory.Value, restored, moderatorId, null,
            string.IsNullOrWhiteSpace(reason) ? $"Annulation de la révision #{revision.Id}" : reason.Trim(), revision.Id, cancellationToken);
        audit.Record(moderatorId, "revision.revert", $"revision:{revision.Id}", revision.EntityKey);
        await db.SaveChangesAsync(cancellationToken);
        await contacts.PublishedAsync(cancellationToken);
        return revert;
    }

    public static RevisionDto AsDto(Revision revision) => new(
        revision.Id,
        revision.CreatedAt,
        Author(revision),
        revision.Reason,
        Diff(revision.Before, revision.After),
        revision.RevertsRevisionId);

    public const string ImportAuthorKind = "import";

    /// <summary>A revision without an account or a proposal behind it was written by an open-data import (<c>Contrevue import annuaire|elus</c>).</summary>
    public static RevisionAuthor Author(Revision revision) =>
        revision.AuthorUserId is null && revision.AuthorProposalId is null
            ? new RevisionAuthor(ImportAuthorKind, "open data import", null)
            : RevisionAuthor.Of(revision);

    /// <summary>The French label of a contact field (the key of the English translation).</summary>
    public static string FieldLabel(string field) => field switch
    {
        "mayor" => "Maire ou président·e",
        "email" => "E-mail",
        "postalAddress" => "Adresse postale",
        "website" => "Site web",
        "cadaOfficer" => "PRADA",
        "source" => "Source",
        "verifiedOn" => "Vérifié le",
        "addressSource" => "Source de l'adresse, de l'e-mail et du site",
        "mayorSource" => "Source du nom du maire",
        _ => field,
    };

    public static IReadOnlyList<FieldChange> Diff(string? before, string? after)
    {
        var old = Read(before);
        var current = Read(after);
        return
        [
            .. new[] { "mayor", "email", "postalAddress", "website", "cadaOfficer", "source", "verifiedOn", "addressSource", "mayorSource" }
                .Select(field => new FieldChange(field, old.GetValueOrDefault(field), current.GetValueOrDefault(field)))
                .Where(change => change.Before != change.After),
        ];
    }

    private static Dictionary<string, string?> Read(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }
        var facts = JsonSerializer.Deserialize<ContactFacts>(json, ContactService.Json) ?? new ContactFacts();
        return new Dictionary<string, string?>
        {
            ["mayor"] = facts.Mayor,
            ["email"] = facts.Email,
            ["postalAddress"] = facts.PostalAddress,
            ["website"] = facts.Website,
            ["cadaOfficer"] = facts.CadaOfficer,
            ["source"] = facts.Source,
            ["verifiedOn"] = facts.VerifiedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["addressSource"] = facts.AddressSource,
            ["mayorSource"] = facts.MayorSource,
        };
    }
}
