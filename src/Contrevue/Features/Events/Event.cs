using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Events;

/// <summary>
/// A meeting, debate, postering round or council session, organised by a collective (<see cref="CollectiveId"/>)
/// or nationally (null: the campaign team). Times are Paris wall times, as people write them; a recurring event
/// is one row whose occurrences are expanded when read (<see cref="Recurrence"/>).
/// </summary>
public sealed class Event
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 20_000;
    public const int MaxAddressLength = 300;
    public const int MaxUrlLength = 500;
    public const int MaxExceptions = 100;
    public const int MaxCapacity = 100_000;
    public const int MaxOrganiserNameLength = 200;
    public const string CouncilSession = "council-session";

    public int Id { get; set; }
    public required string Title { get; set; }
    public required string Kind { get; set; }
    public int? CollectiveId { get; set; }
    /// <summary>Who organises an event proposed by the public, as they wrote it (free text; no collective).</summary>
    public string? OrganiserName { get; set; }
    /// <summary>The Observatoire dossier a council session debates (kind <c>council-session</c> only).</summary>
    public int? DossierId { get; set; }

    /// <summary>"2027-03-10T18:30", Paris time: the first occurrence.</summary>
    public required string LocalStart { get; set; }
    public required string LocalEnd { get; set; }
    /// <summary>The RRULE, normalised (<see cref="Events.Recurrence.ToString"/>), or null for a single occurrence.</summary>
    public string? Recurrence { get; set; }
    /// <summary>Dates of cancelled occurrences, "2027-03-24" each, comma-separated, in order.</summary>
    public string? Exceptions { get; set; }

    /// <summary>The instant of the first start and the end of the last occurrence (null: no end), to select events in a window.</summary>
    public DateTime FirstStartUtc { get; set; }
    public DateTime? LastEndUtc { get; set; }

    public bool Online { get; set; }
    /// <summary>Never in a public read: sent to confirmed (or approved) participants only.</summary>
    public string? OnlineUrl { get; set; }
    public string? Address { get; set; }
    public TerritoryKind? PlaceTerritoryKind { get; set; }
    public string? PlaceTerritoryCode { get; set; }
    /// <summary>The territory the event concerns (a commune's council, a département's meeting).</summary>
    public TerritoryKind? TerritoryKind { get; set; }
    public string? TerritoryCode { get; set; }
    /// <summary>The département of the place or of the territory, for the agenda's filter and feeds.</summary>
    public string? DepartementCode { get; set; }

    public string? Description { get; set; }
    public int? Capacity { get; set; }
    public bool Approval { get; set; }

    public bool Cancelled { get; set; }
    /// <summary>The iCalendar SEQUENCE: bumped by every change, so calendars replace their copy.</summary>
    public int Sequence { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public TerritoryReference? PlaceTerritory =>
        PlaceTerritoryKind is { } kind && PlaceTerritoryCode is { } code ? new TerritoryReference(kind, code) : null;

    public TerritoryReference? Territory =>
        TerritoryKind is { } kind && TerritoryCode is { } code ? new TerritoryReference(kind, code) : null;

    public string Slug => Infrastructure.Text.SearchText.Slug(Title);

    public string PagePath => $"/agenda/{Id}-{Slug}";
}

internal sealed class EventConfiguration : IEntityTypeConfiguration<Event>
{
    private const string CollectiveEntity = "Contrevue.Features.Collectives.Collective";
    private const string DossierEntity = "Contrevue.Features.Observatoire.Dossier";

    public void Configure(EntityTypeBuilder<Event> entity)
    {
        entity.ToTable("events");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Title).HasMaxLength(Event.MaxTitleLength);
        entity.Property(e => e.Kind).HasMaxLength(40);
        entity.Property(e => e.LocalStart).HasMaxLength(16);
        entity.Property(e => e.LocalEnd).HasMaxLength(16);
        entity.Property(e => e.Recurrence).HasMaxLength(Events.Recurrence.MaxLength);
        entity.Property(e => e.Exceptions).HasMaxLength(Event.MaxExceptions * 11);
        entity.Property(e => e.OnlineUrl).HasMaxLength(Event.MaxUrlLength);
        entity.Property(e => e.Address).HasMaxLength(Event.MaxAddressLength);
        entity.Property(e => e.PlaceTerritoryCode).HasMaxLength(9);
        entity.Property(e => e.TerritoryCode).HasMaxLength(9);
        entity.Property(e => e.DepartementCode).HasMaxLength(3);
        entity.Property(e => e.Description).HasMaxLength(Event.MaxDescriptionLength);
        entity.Property(e => e.OrganiserName).HasMaxLength(Event.MaxOrganiserNameLength);
        entity.Ignore(e => e.PlaceTerritory);
        entity.Ignore(e => e.Territory);
        entity.Ignore(e => e.Slug);
        entity.Ignore(e => e.PagePath);
        // A collective's events go with it.
        entity.HasOne(CollectiveEntity, null).WithMany().HasForeignKey(nameof(Event.CollectiveId)).OnDelete(DeleteBehavior.Cascade);
        entity.HasIndex(e => new { e.FirstStartUtc, e.LastEndUtc });
        entity.HasIndex(e => e.DepartementCode);
        entity.HasIndex(e => e.CollectiveId);
        // A deleted dossier leaves its council sessions in the agenda, unlinked. By CLR type found by name: the
        // dossiers are configured after the events, and a name alone would make EF invent a shared-type entity.
        entity.HasOne(typeof(Event).Assembly.GetType(DossierEntity, throwOnError: true)!, null).WithMany().HasForeignKey(nameof(Event.DossierId)).OnDelete(DeleteBehavior.SetNull);
        entity.HasIndex(e => e.DossierId);
    }
}
