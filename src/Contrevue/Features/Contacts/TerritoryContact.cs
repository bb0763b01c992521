using System.ComponentModel.DataAnnotations;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Contacts;

/// <summary>
/// Who to write to in a territory's authority: the mayor (or president), the mairie's address and
/// e-mail, its website and the CADA officer. Public once a moderator approved it; every change is a
/// revision.
/// </summary>
public sealed class TerritoryContact
{
    public int Id { get; set; }
    public TerritoryKind TerritoryKind { get; set; }
    public required string TerritoryCode { get; set; }
    public ContactFacts Facts { get; set; } = new();
    public DateTime UpdatedAt { get; set; }
}

/// <summary>The facts themselves, as proposed, approved and kept in revisions (and as letters address the authority).</summary>
[Seam]
public sealed record ContactFacts
{
    public const int MaxTextLength = 300;

    public string? Mayor { get; init; }
    public string? Email { get; init; }
    public string? PostalAddress { get; init; }
    public string? Website { get; init; }
    public string? CadaOfficer { get; init; }
    public string? Source { get; init; }
    public DateOnly? VerifiedOn { get; init; }

    /// <summary>Where the address, e-mail and website come from when an open-data import wrote them (the annuaire).</summary>
    public string? AddressSource { get; init; }
    public DateOnly? AddressImportedOn { get; init; }

    /// <summary>Where the mayor's name comes from when an open-data import wrote it (the répertoire des élus).</summary>
    public string? MayorSource { get; init; }
    public DateOnly? MayorImportedOn { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => Mayor is null && Email is null && PostalAddress is null && Website is null && CadaOfficer is null;

    /// <summary>
    /// Facts a moderator stands behind, which no import may overwrite: any facts not written by an
    /// import (every publication goes through a moderator: an approved or corrected proposal, a
    /// revert to such facts), and any facts with a verification date. A moderator who approves a
    /// correction of imported facts publishes them without import dates: from then on they are hers.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsModeratorVerified => VerifiedOn is not null || (!IsEmpty && AddressImportedOn is null && MayorImportedOn is null);

    /// <summary>Checks and tidies proposed facts; returns French errors keyed by field.</summary>
    public static (ContactFacts? Facts, Dictionary<string, string[]> Errors) Validate(
        string? mayor, string? email, string? postalAddress, string? website, string? cadaOfficer, string? source, string? verifiedOn, DateOnly today, IStringLocalizer localizer)
    {
        var errors = new Dictionary<string, string[]>();
        string? Text(string field, string? value, int max = MaxTextLength)
        {
            var trimmed = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
            if (trimmed is not null && trimmed.Length > max)
            {
                errors[field] = [localizer["{0} caractères au plus.", max]];
            }
            if (trimmed is not null && trimmed.Any(c => char.IsControl(c) && c != '\n' && c != '\r'))
            {
                errors[field] = ["Caractères de contrôle interdits."];
            }
            return trimmed;
        }

        var facts = new ContactFacts
        {
            Mayor = Text("mayor", mayor),
            Email = Text("email", email, 254),
            PostalAddress = Text("postalAddress", postalAddress, 500),
            Website = Text("website", website, 500),
            CadaOfficer = Text("cadaOfficer", cadaOfficer),
            Source = Text("source", source, 1000),
        };
        if (facts.Email is not null && !Infrastructure.Mail.EmailAddresses.IsValid(facts.Email))
        {
            errors["email"] = ["Adresse e-mail invalide."];
        }
        if (facts.Website is not null
            && (!Uri.TryCreate(facts.Website, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            errors["website"] = ["Le site doit être une adresse web complète commençant par https:// ou http://."];
        }
        if (!string.IsNullOrWhiteSpace(verifiedOn))
        {
            if (!DateOnly.TryParseExact(verifiedOn.Trim(), "yyyy-MM-dd", out var date))
            {
                errors["verifiedOn"] = ["Date attendue au format AAAA-MM-JJ."];
            }
            else if (date > today)
            {
                errors["verifiedOn"] = ["La date de vérification ne peut pas être dans le futur."];
            }
            else
            {
                facts = facts with { VerifiedOn = date };
            }
        }
        if (errors.Count == 0 && facts.IsEmpty)
        {
            errors["data"] = ["Indiquez au moins un élément de contact."];
        }
        return (errors.Count == 0 ? facts : null, errors);
    }
}

internal sealed class TerritoryContactConfiguration : IEntityTypeConfiguration<TerritoryContact>
{
    public void Configure(EntityTypeBuilder<TerritoryContact> entity)
    {
        entity.ToTable("territory_contacts");
        entity.HasKey(c => c.Id);
        entity.Property(c => c.TerritoryCode).HasMaxLength(9);
        entity.HasIndex(c => new { c.TerritoryKind, c.TerritoryCode }).IsUnique();
        entity.OwnsOne(c => c.Facts, facts =>
        {
            facts.Property(f => f.Mayor).HasColumnName("mayor").HasMaxLength(ContactFacts.MaxTextLength);
            facts.Property(f => f.Email).HasColumnName("email").HasMaxLength(254);
            facts.Property(f => f.PostalAddress).HasColumnName("postal_address").HasMaxLength(500);
            facts.Property(f => f.Website).HasColumnName("website").HasMaxLength(500);
            facts.Property(f => f.CadaOfficer).HasColumnName("cada_officer").HasMaxLength(ContactFacts.MaxTextLength);
            facts.Property(f => f.Source).HasColumnName("source").HasMaxLength(1000);
            facts.Property(f => f.VerifiedOn).HasColumnName("verified_on");
            facts.Property(f => f.AddressSource).HasColumnName("address_source").HasMaxLength(ContactFacts.MaxTextLength);
            facts.Property(f => f.AddressImportedOn).HasColumnName("address_imported_on");
            facts.Property(f => f.MayorSource).HasColumnName("mayor_source").HasMaxLength(ContactFacts.MaxTextLength);
            facts.Property(f => f.MayorImportedOn).HasColumnName("mayor_imported_on");
            facts.Ignore(f => f.IsEmpty);
            facts.Ignore(f => f.IsModeratorVerified);
        });
    }
}
