using System.Text.Json;
using Contrevue.Infrastructure;
using Contrevue.Infrastructure.History;

namespace Contrevue.Features.Moderation;

/// <summary>
/// One kind of proposal, as the feature that owns it tells the moderation queue (a feature registers
/// one per kind in its setup): how the queue names it and where a moderator reviews it, how the
/// moderation API shows and corrects it, and how an approved proposal is published — written as the
/// feature's revision, without saving: the decision is saved with it.
/// </summary>
[Seam]
public interface IProposalPublisher
{
    /// <summary>The <see cref="Proposal.Kind"/> this publisher answers for.</summary>
    string Kind { get; }

    /// <summary>The kind as the moderation queue names it, in French: the key of its translation ("Source d'un dossier").</summary>
    string Label { get; }

    /// <summary>The kind as a contributor reads it among their personal data, in French ("source d'un dossier").</summary>
    string ContributorLabel { get; }

    /// <summary>The page where a moderator reviews and decides a proposal of this kind.</summary>
    string ReviewPath(int proposalId);

    /// <summary>The proposal in one line, as the audit log records its approval.</summary>
    string Summary(Proposal proposal);

    /// <summary>The proposal as the moderation API's queue shows it: its stored data, unless the kind answers otherwise.</summary>
    ProposalView ViewOf(Proposal proposal) => ProposalView.OfData(proposal);

    /// <summary>
    /// A moderator's correction sent to the API's approval (its <c>data</c>), turned into the
    /// <c>editedData</c> of <see cref="PublishAsync"/>; null when the kind is corrected on its review page
    /// only, so that the API publishes it as proposed.
    /// </summary>
    string? CorrectionOf(JsonElement data) => null;

    /// <param name="editedData">The moderator's correction of <see cref="Proposal.Data"/>, or null to publish it as proposed.</param>
    Task<(Revision? Revision, Dictionary<string, string[]>? Errors)> PublishAsync(Proposal proposal, string? editedData, CancellationToken cancellationToken);

    /// <summary>After the decision is committed: refresh what shows it.</summary>
    Task PublishedAsync(CancellationToken cancellationToken);

    /// <summary>
    /// What a rejected proposal keeps of its <see cref="Proposal.Data"/> (all of it, unless the kind says
    /// otherwise): the decision stays on record, the rest of what was proposed may go.
    /// </summary>
    string DataKeptAfterRejection(Proposal proposal) => proposal.Data;
}

/// <summary>
/// A pending proposal's content in the moderation API: <see cref="Data"/>, the proposed document, for
/// most kinds; <see cref="Proposed"/> for territory contacts, the first kind, whose answers kept that name.
/// </summary>
[Seam]
public sealed record ProposalView(JsonElement? Proposed, JsonElement? Data)
{
    public static ProposalView OfData(Proposal proposal) => new(null, JsonDocument.Parse(proposal.Data).RootElement.Clone());
}

/// <summary>A pending proposal in the moderation queue, as its kind names it.</summary>
public sealed record QueueEntry(Proposal Proposal, string Label, string? ReviewPath);
