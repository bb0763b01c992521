using Contrevue.Infrastructure;
using Contrevue.Infrastructure.History;
using Contrevue.Infrastructure.Audit;
using System.Security.Cryptography;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Moderation;

[Seam]
public sealed record ProposalAccepted(int Id, string Status, string? ConfirmationToken);

[Seam]
public abstract record ModerationOutcome
{
    public sealed record Done(Proposal Proposal, Revision? Revision) : ModerationOutcome;
    public sealed record NotFound : ModerationOutcome;
    public sealed record AlreadyDecided(ProposalStatus Status) : ModerationOutcome;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : ModerationOutcome;
}

/// <summary>
/// Public proposals and their moderation: storing a proposal its feature checked (with an optional
/// e-mail to confirm), approving (optionally after editing) or rejecting with a reason. Each kind is
/// published by its feature's <see cref="IProposalPublisher"/>; every decision is an audit entry.
/// </summary>
[Seam]
public sealed class ModerationService(ContrevueDbContext db, AuditLog audit, TimeProvider time, Infrastructure.Mail.IMailOutbox mail,
    IEnumerable<IProposalPublisher> publishers, IStringLocalizer<SharedResource> text)
{
    public const int MaxNoteLength = 2000;
    public const int MaxReasonLength = 2000;

    public static string StatusName(ProposalStatus status) => status switch
    {
        ProposalStatus.AwaitingConfirmation => "awaiting-confirmation",
        ProposalStatus.Pending => "pending",
        ProposalStatus.Approved => "approved",
        _ => "rejected",
    };

    /// <summary>Stores a checked proposal, not public; with an address, it waits for the contributor's confirmation.</summary>
    public async Task<ProposalAccepted> StoreAsync(Proposal proposal, string? email, string territoryName, string siteUrl, CancellationToken cancellationToken)
    {
        proposal.Status = email is null ? ProposalStatus.Pending : ProposalStatus.AwaitingConfirmation;
        proposal.CreatedAt = time.GetUtcNow().UtcDateTime;
        // The proposal, its address and its confirmation e-mail are written together or not at all:
        // a failure after the first save must not leave a proposal nobody can confirm.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        db.Add(proposal);
        await db.SaveChangesAsync(cancellationToken);
        string? token = null;
        if (email is not null)
        {
            token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            db.Add(new ContributorEmail { ProposalId = proposal.Id, Email = email, ConfirmationTokenHash = Hash(token) });
            mail.Enqueue(email, ModerationMails.Confirmation(territoryName, $"{siteUrl.TrimEnd('/')}/proposer/confirmer?jeton={token}"));
            await db.SaveChangesAsync(cancellationToken);
        }
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        return new ProposalAccepted(proposal.Id, StatusName(proposal.Status), token);
    }

    /// <summary>The optional contributor address and note of a public proposal, checked; null address when none was given.</summary>
    public static (string? Email, string? Note) ReadContributor(string? contributorEmail, string? note, Dictionary<string, string[]> errors, IStringLocalizer localizer)
    {
        var email = string.IsNullOrWhiteSpace(contributorEmail) ? null : contributorEmail.Trim();
        if (email is not null && !Infrastructure.Mail.EmailAddresses.IsValid(email))
        {
            errors["contributorEmail"] = ["Adresse e-mail invalide."];
        }
        var trimmedNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (trimmedNote is { Length: > MaxNoteLength })
        {
            errors["note"] = [localizer["{0} caractères au plus.", MaxNoteLength]];
        }
        return (email, trimmedNote);
    }

    /// <summary>The contributor followed the link: the proposal enters the moderation queue.</summary>
    public async Task<Proposal?> ConfirmAsync(string token, CancellationToken cancellationToken)
    {
        var hash = Hash(token);
        var contributor = await db.Set<ContributorEmail>().FirstOrDefaultAsync(c => c.ConfirmationTokenHash == hash, cancellationToken);
        if (contributor is null)
        {
            return null;
        }
        var proposal = await db.Set<Proposal>().FirstAsync(p => p.Id == contributor.ProposalId, cancellationToken);
        if (proposal.Status == ProposalStatus.AwaitingConfirmation)
        {
            proposal.Status = ProposalStatus.Pending;
            contributor.ConfirmedAt = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
        }
        return proposal;
    }

    public Task<List<Proposal>> QueueAsync(string? kind, TerritoryReference? territory, int? olderThanDays, CancellationToken cancellationToken)
    {
        var query = db.Set<Proposal>().AsNoTracking().Where(p => p.Status == ProposalStatus.Pending);
        if (!string.IsNullOrEmpty(kind))
        {
            query = query.Where(p => p.Kind == kind);
        }
        if (territory is { } t)
        {
            query = query.Where(p => p.TerritoryKind == t.Kind && p.TerritoryCode == t.Code);
        }
        if (olderThanDays is { } days)
        {
            var before = time.GetUtcNow().UtcDateTime.AddDays(-days);
            query = query.Where(p => p.CreatedAt <= before);
        }
        return query.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).Take(500).ToListAsync(cancellationToken);
    }

    public Task<Proposal?> FindAsync(int id, CancellationToken cancellationToken) =>
        db.Set<Proposal>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);

    /// <summary>The pending proposals, oldest first, each as its kind names it in the queue.</summary>
    public async Task<IReadOnlyList<QueueEntry>> QueueEntriesAsync(TerritoryReference? territory, int? olderThanDays, CancellationToken cancellationToken) =>
        [.. (await QueueAsync(null, territory, olderThanDays, cancellationToken)).Select(p => PublisherOf(p.Kind) is { } publisher
            ? new QueueEntry(p, publisher.Label, publisher.ReviewPath(p.Id))
            : new QueueEntry(p, p.Kind, null))];

    /// <summary>A pending proposal's content as the moderation API shows it.</summary>
    public ProposalView ViewOf(Proposal proposal) => PublisherOf(proposal.Kind)?.ViewOf(proposal) ?? ProposalView.OfData(proposal);

    /// <summary>Publishes a pending proposal through its kind's publisher, in one transaction with the decision.</summary>
    /// <param name="correction">The moderator's correction as sent to the API, read by the kind's publisher.</param>
    /// <param name="editedData">The moderator's correction as JSON of the kind (its review page).</param>
    public async Task<ModerationOutcome> ApproveAsync(int id, string moderatorId, JsonElement? correction, CancellationToken cancellationToken, string? editedData = null)
    {
        var proposal = await db.Set<Proposal>().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (proposal is null)
        {
            return new ModerationOutcome.NotFound();
        }
        if (proposal.Status != ProposalStatus.Pending)
        {
            return new ModerationOutcome.AlreadyDecided(proposal.Status);
        }
        var publisher = PublisherOf(proposal.Kind)
            ?? throw new InvalidOperationException($"Aucune publication pour les propositions « {proposal.Kind} ».");
        editedData ??= correction is { } sent ? publisher.CorrectionOf(sent) : null;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (revision, errors) = await publisher.PublishAsync(proposal, editedData, cancellationToken);
        if (errors is { Count: > 0 })
        {
            return new ModerationOutcome.Invalid(errors);
        }
        proposal.Status = ProposalStatus.Approved;
        proposal.DecidedAt = time.GetUtcNow().UtcDateTime;
        proposal.DecidedByUserId = moderatorId;
        audit.Record(moderatorId, "proposal.approve", $"proposal:{proposal.Id}", $"{publisher.Summary(proposal)}{(editedData is null ? "" : " (modifiée)")}");
        await TellContributorAsync(proposal, approved: true, null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await publisher.PublishedAsync(cancellationToken);
        return new ModerationOutcome.Done(proposal, revision);
    }

    public async Task<ModerationOutcome> RejectAsync(int id, string moderatorId, string? reason, CancellationToken cancellationToken)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            return new ModerationOutcome.Invalid(new() { ["reason"] = [text["Indiquez la raison du refus ({0} caractères au plus) : elle est transmise à l'auteur s'il a laissé une adresse.", MaxReasonLength]] });
        }
        var proposal = await db.Set<Proposal>().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (proposal is null)
        {
            return new ModerationOutcome.NotFound();
        }
        if (proposal.Status != ProposalStatus.Pending)
        {
            return new ModerationOutcome.AlreadyDecided(proposal.Status);
        }
        proposal.Status = ProposalStatus.Rejected;
        proposal.DecidedAt = time.GetUtcNow().UtcDateTime;
        proposal.DecidedByUserId = moderatorId;
        proposal.DecisionReason = reason;
        proposal.Data = PublisherOf(proposal.Kind)?.DataKeptAfterRejection(proposal) ?? proposal.Data;
        audit.Record(moderatorId, "proposal.reject", $"proposal:{proposal.Id}", reason);
        await TellContributorAsync(proposal, approved: false, reason, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new ModerationOutcome.Done(proposal, null);
    }

    /// <summary>The outcome goes out with the decision (same transaction), if the contributor confirmed an address.</summary>
    private async Task TellContributorAsync(Proposal proposal, bool approved, string? reason, CancellationToken cancellationToken)
    {
        var contributor = await db.Set<ContributorEmail>().FirstOrDefaultAsync(c => c.ProposalId == proposal.Id && c.ConfirmedAt != null, cancellationToken);
        if (contributor is null)
        {
            return;
        }
        var territoryName = await db.NameOfAsync(proposal.Territory, cancellationToken) ?? proposal.Territory.ToString();
        mail.Enqueue(contributor.Email, ModerationMails.Outcome(territoryName, proposal.Id, approved, reason));
    }

    private IProposalPublisher? PublisherOf(string kind) => publishers.FirstOrDefault(p => p.Kind == kind);

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
