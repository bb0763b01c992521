using Contrevue.Infrastructure.History;
using Contrevue.Infrastructure.Audit;
using System.Security.Cryptography;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Contacts;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Moderation;

public sealed record ProposalInput(
    string? Kind, string? Territory, ContactData? Data, string? Source, string? ContributorEmail, string? Note);

/// <summary>The fields of a territory contact as sent by the public or a moderator.</summary>
public sealed record ContactData(
    string? Mayor, string? Email, string? PostalAddress, string? Website, string? CadaOfficer, string? VerifiedOn);

public sealed record ProposalAccepted(int Id, string Status, string? ConfirmationToken);

public abstract record ModerationOutcome
{
    public sealed record Done(Proposal Proposal, Revision? Revision) : ModerationOutcome;
    public sealed record NotFound : ModerationOutcome;
    public sealed record AlreadyDecided(ProposalStatus Status) : ModerationOutcome;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : ModerationOutcome;
}

/// <summary>
/// Public proposals and their moderation: proposing (with an optional e-mail to confirm), approving
/// (optionally after editing) or rejecting with a reason, reverting a revision. Every decision is a
/// revision and an audit entry.
/// </summary>
public sealed class ModerationService(ContrevueDbContext db, ContactService contacts, AuditLog audit, TimeProvider time, Infrastructure.Mail.IMailOutbox mail,
    IEnumerable<IProposalPublisher> publishers, IStringLocalizer<SharedResource> text)
{
    public const int MaxNoteLength = 2000;
    public const int MaxReasonLength = 2000;

    private DateOnly Today => Infrastructure.Time.ParisCalendar.Today(time);

    public static string StatusName(ProposalStatus status) => status switch
    {
        ProposalStatus.AwaitingConfirmation => "awaiting-confirmation",
        ProposalStatus.Pending => "pending",
        ProposalStatus.Approved => "approved",
        _ => "rejected",
    };

    /// <summary>Checks a proposal; on success stores it, not public, waiting for confirmation or moderation.</summary>
    /// <param name="siteUrl">The site's public address, for the confirmation link ("https://contrevue.example").</param>
    public async Task<(ProposalAccepted? Accepted, Dictionary<string, string[]> Errors)> ProposeAsync(ProposalInput input, string siteUrl, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (input.Kind != Proposal.TerritoryContactKind)
        {
            errors["kind"] = [text["Type de proposition inconnu : seul « {0} » existe pour l'instant.", Proposal.TerritoryContactKind]];
        }
        TerritoryReference? territory = null;
        if (!TerritoryReference.TryParse(input.Territory, out territory))
        {
            errors["territory"] = ["Territoire invalide : un code INSEE (42218) ou commune:…, departement:…, region:…, epci:…"];
        }
        string? territoryName = null;
        if (territory is not null && (territoryName = await db.NameOfAsync(territory.Value, cancellationToken)) is null)
        {
            errors["territory"] = [text["Territoire inconnu : {0}.", input.Territory!]];
        }
        if (string.IsNullOrWhiteSpace(input.Source))
        {
            errors["source"] = ["Indiquez la source : une adresse web ou une description (annuaire, affichage en mairie…)."];
        }
        var (email, note) = ReadContributor(input.ContributorEmail, input.Note, errors, text);
        var data = input.Data ?? new ContactData(null, null, null, null, null, null);
        var (facts, factErrors) = ContactFacts.Validate(data.Mayor, data.Email, data.PostalAddress, data.Website, data.CadaOfficer, input.Source, data.VerifiedOn, Today, text);
        foreach (var (field, messages) in factErrors)
        {
            errors.TryAdd(field == "source" ? "source" : $"data.{field}", messages);
        }
        if (errors.Count > 0 || facts is null || territory is null)
        {
            return (null, errors);
        }

        var proposal = new Proposal
        {
            Kind = Proposal.TerritoryContactKind,
            TerritoryKind = territory.Value.Kind,
            TerritoryCode = territory.Value.Code,
            Data = JsonSerializer.Serialize(facts, ContactService.Json),
            Source = facts.Source,
            Note = note,
        };
        return (await StoreAsync(proposal, email, territoryName!, siteUrl, cancellationToken), errors);
    }

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

    public static ContactFacts FactsOf(Proposal proposal) =>
        JsonSerializer.Deserialize<ContactFacts>(proposal.Data, ContactService.Json) ?? new ContactFacts();

    /// <param name="edited">A territory contact corrected by the moderator.</param>
    /// <param name="editedData">For other kinds: the proposal's data corrected by the moderator, as JSON of that kind.</param>
    public async Task<ModerationOutcome> ApproveAsync(int id, string moderatorId, ContactData? edited, CancellationToken cancellationToken, string? editedData = null)
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
        if (proposal.Kind != Proposal.TerritoryContactKind)
        {
            return await ApproveWithPublisherAsync(proposal, moderatorId, editedData, cancellationToken);
        }
        var facts = FactsOf(proposal);
        if (edited is not null)
        {
            var (checkedFacts, errors) = ContactFacts.Validate(edited.Mayor, edited.Email, edited.PostalAddress, edited.Website, edited.CadaOfficer, facts.Source, edited.VerifiedOn, Today, text);
            if (checkedFacts is null)
            {
                return new ModerationOutcome.Invalid(errors);
            }
            facts = checkedFacts;
        }
        var revision = await contacts.ChangeAsync(proposal.Territory, facts, null, proposal.Id,
            edited is null ? "Proposition approuvée" : "Proposition approuvée après correction", null, cancellationToken);
        proposal.Status = ProposalStatus.Approved;
        proposal.DecidedAt = time.GetUtcNow().UtcDateTime;
        proposal.DecidedByUserId = moderatorId;
        audit.Record(moderatorId, "proposal.approve", $"proposal:{proposal.Id}", $"{proposal.Territory}{(edited is null ? "" : " (modifiée)")}");
        await TellContributorAsync(proposal, approved: true, null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await contacts.PublishedAsync(cancellationToken);
        return new ModerationOutcome.Done(proposal, revision);
    }

    /// <summary>Kinds other than contacts are published by their feature (a dossier's source…), in one transaction with the decision.</summary>
    private async Task<ModerationOutcome> ApproveWithPublisherAsync(Proposal proposal, string moderatorId, string? editedData, CancellationToken cancellationToken)
    {
        var publisher = publishers.FirstOrDefault(p => p.Kind == proposal.Kind)
            ?? throw new InvalidOperationException($"Aucune publication pour les propositions « {proposal.Kind} ».");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (revision, errors) = await publisher.PublishAsync(proposal, editedData, cancellationToken);
        if (errors is { Count: > 0 })
        {
            return new ModerationOutcome.Invalid(errors);
        }
        proposal.Status = ProposalStatus.Approved;
        proposal.DecidedAt = time.GetUtcNow().UtcDateTime;
        proposal.DecidedByUserId = moderatorId;
        audit.Record(moderatorId, "proposal.approve", $"proposal:{proposal.Id}", $"{proposal.Kind} {proposal.Territory}{(editedData is null ? "" : " (modifiée)")}");
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
        audit.Record(moderatorId, "proposal.reject", $"proposal:{proposal.Id}", reason);
        await TellContributorAsync(proposal, approved: false, reason, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new ModerationOutcome.Done(proposal, null);
    }

    /// <summary>Restores the values a revision replaced, as a new revision.</summary>
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

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}

/// <summary>
/// Publishes an approved proposal of a kind other than territory contacts (a feature registers one per
/// kind): writes it as the feature's revision, without saving — the decision is saved with it.
/// </summary>
public interface IProposalPublisher
{
    string Kind { get; }

    /// <param name="editedData">The moderator's correction of <see cref="Proposal.Data"/>, or null to publish it as proposed.</param>
    Task<(Revision? Revision, Dictionary<string, string[]>? Errors)> PublishAsync(Proposal proposal, string? editedData, CancellationToken cancellationToken);

    /// <summary>After the decision is committed: refresh what shows it.</summary>
    Task PublishedAsync(CancellationToken cancellationToken);
}
