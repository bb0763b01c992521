using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Procedures;

public enum ProcedureStatus
{
    /// <summary>Prepared, not sent yet.</summary>
    Draft = 0,
    /// <summary>Sent: deadlines run.</summary>
    Running = 1,
    /// <summary>The authority answered (or the CADA gave its opinion).</summary>
    Answered = 2,
    /// <summary>Continued into the next procedure (no answer → CADA referral → court).</summary>
    Continued = 3,
    Closed = 4,
}

/// <summary>
/// One legal step of a collective against an authority: a CADA request, a CADA referral, a recours
/// gracieux, a court appeal, a CNIL complaint. Private to the collective's members until published;
/// its deadlines are computed from <see cref="StartOn"/> by the deadline engine, never stored.
/// </summary>
public sealed class Procedure
{
    public int Id { get; set; }
    public int CollectiveId { get; set; }
    /// <summary>Deadline engine kind: cada-request, cada-explicit-refusal, cada-referral, administrative-appeal, decision, cnil-complaint.</summary>
    public required string Kind { get; set; }
    public required string Title { get; set; }
    public required string AuthorityName { get; set; }
    /// <summary>The authority's département, for Alsace-Moselle's holidays.</summary>
    public string? DepartementCode { get; set; }
    public int? DossierId { get; set; }
    /// <summary>The documents asked for, or the decision contested.</summary>
    public string Subject { get; set; } = "";
    /// <summary>The date the deadlines run from (received by the administration, registered by the CADA, notified…).</summary>
    public DateOnly? StartOn { get; set; }
    public ProcedureStatus Status { get; set; }
    public bool IsPublic { get; set; }
    public int? PreviousProcedureId { get; set; }
    public int? SeriesId { get; set; }
    /// <summary>The same request on madada.fr, if it was also made there.</summary>
    public string? MadadaUrl { get; set; }
    public string? CreatedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public List<ProcedureEvent> Events { get; set; } = [];
    public List<ProcedureDocument> Documents { get; set; } = [];
}

/// <summary>A dated fact of the procedure's life: sent, received (with the AR's date), answered, registered by the CADA…</summary>
public sealed class ProcedureEvent
{
    public int Id { get; set; }
    public int ProcedureId { get; set; }
    /// <summary>sent, received, answered, refused, registered, opinion, filed, other.</summary>
    public required string Kind { get; set; }
    public DateOnly On { get; set; }
    public string? Note { get; set; }
}

/// <summary>A document exchanged, stored with the observatoire's upload rules.</summary>
public sealed class ProcedureDocument
{
    public int Id { get; set; }
    public int ProcedureId { get; set; }
    public required string Title { get; set; }
    public required string FileSha256 { get; set; }
    /// <summary>True for a document received from the authority, false for one sent.</summary>
    public bool Received { get; set; }
    public DateOnly? On { get; set; }
}

/// <summary>Requests to several authorities grouped to be referred to the CADA together (CRPA art. R343-3-1).</summary>
public sealed class ProcedureSeries
{
    public int Id { get; set; }
    public int CollectiveId { get; set; }
    public required string Title { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// A reminder e-mail sent (or being sent) for one deadline of one procedure: its row is the claim that
/// makes it leave once, even with several instances (unique key, the second insert fails).
/// </summary>
public sealed class ProcedureReminder
{
    public int ProcedureId { get; set; }
    public required string StepKey { get; set; }
    public DateOnly Deadline { get; set; }
    public int DaysBefore { get; set; }
    public DateTime SentAt { get; set; }
}

internal sealed class ProcedureConfiguration :
    IEntityTypeConfiguration<Procedure>, IEntityTypeConfiguration<ProcedureEvent>, IEntityTypeConfiguration<ProcedureDocument>,
    IEntityTypeConfiguration<ProcedureSeries>, IEntityTypeConfiguration<ProcedureReminder>
{
    // Other features' tables, named rather than typed: an entity is no seam, but the foreign keys stay.
    private const string CollectiveEntity = "Contrevue.Features.Collectives.Collective";
    private const string DossierEntity = "Contrevue.Features.Observatoire.Dossier";

    public void Configure(EntityTypeBuilder<Procedure> entity)
    {
        entity.ToTable("procedures");
        entity.HasKey(p => p.Id);
        entity.Property(p => p.Kind).HasMaxLength(40);
        entity.Property(p => p.Title).HasMaxLength(200);
        entity.Property(p => p.AuthorityName).HasMaxLength(200);
        entity.Property(p => p.DepartementCode).HasMaxLength(3);
        entity.Property(p => p.Subject).HasMaxLength(10_000);
        entity.Property(p => p.MadadaUrl).HasMaxLength(500);
        entity.Property(p => p.CreatedByUserId).HasMaxLength(450);
        entity.HasOne(CollectiveEntity, null).WithMany().HasForeignKey(nameof(Procedure.CollectiveId)).OnDelete(DeleteBehavior.Cascade);
        entity.HasOne<Procedure>().WithMany().HasForeignKey(p => p.PreviousProcedureId).OnDelete(DeleteBehavior.SetNull);
        entity.HasOne<ProcedureSeries>().WithMany().HasForeignKey(p => p.SeriesId).OnDelete(DeleteBehavior.SetNull);
        entity.HasOne(DossierEntity, null).WithMany().HasForeignKey(nameof(Procedure.DossierId)).OnDelete(DeleteBehavior.SetNull);
        entity.HasMany(p => p.Events).WithOne().HasForeignKey(e => e.ProcedureId).OnDelete(DeleteBehavior.Cascade);
        entity.HasMany(p => p.Documents).WithOne().HasForeignKey(d => d.ProcedureId).OnDelete(DeleteBehavior.Cascade);
        entity.HasIndex(p => new { p.CollectiveId, p.Status });
        entity.HasIndex(p => p.IsPublic);
    }

    public void Configure(EntityTypeBuilder<ProcedureEvent> entity)
    {
        entity.ToTable("procedure_events");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Kind).HasMaxLength(40);
        entity.Property(e => e.Note).HasMaxLength(2000);
    }

    public void Configure(EntityTypeBuilder<ProcedureDocument> entity)
    {
        entity.ToTable("procedure_documents");
        entity.HasKey(d => d.Id);
        entity.Property(d => d.Title).HasMaxLength(300);
        entity.Property(d => d.FileSha256).HasMaxLength(64);
        entity.HasIndex(d => d.FileSha256);
    }

    public void Configure(EntityTypeBuilder<ProcedureSeries> entity)
    {
        entity.ToTable("procedure_series");
        entity.HasKey(s => s.Id);
        entity.Property(s => s.Title).HasMaxLength(200);
        entity.HasOne(CollectiveEntity, null).WithMany().HasForeignKey(nameof(ProcedureSeries.CollectiveId)).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ProcedureReminder> entity)
    {
        entity.ToTable("procedure_reminders");
        entity.HasKey(r => new { r.ProcedureId, r.StepKey, r.Deadline, r.DaysBefore });
        entity.Property(r => r.StepKey).HasMaxLength(60);
        entity.HasOne<Procedure>().WithMany().HasForeignKey(r => r.ProcedureId).OnDelete(DeleteBehavior.Cascade);
    }
}
