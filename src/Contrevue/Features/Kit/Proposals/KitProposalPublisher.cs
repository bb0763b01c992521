using Contrevue.Features.Moderation;
using Contrevue.Infrastructure.History;

namespace Contrevue.Features.Kit.Proposals;

/// <summary>An accepted proposal becomes a pending resource of the campaign, which a moderator completes with its file and publishes.</summary>
public sealed class KitProposalPublisher(KitService kit) : IProposalPublisher
{
    public string Kind => KitProposals.Kind;

    public string Label => "Ressource du kit proposée";

    public string ContributorLabel => "proposition pour le kit";

    public string ReviewPath(int proposalId) => $"/moderation/kit/{proposalId}";

    public string Summary(Proposal proposal) => $"{Kind} {proposal.Territory}";

    public async Task<(Revision? Revision, Dictionary<string, string[]>? Errors)> PublishAsync(Proposal proposal, string? editedData, CancellationToken cancellationToken)
    {
        await kit.AddProposedAsync(KitProposals.DataOf(proposal), cancellationToken);
        return (null, null);
    }

    public Task PublishedAsync(CancellationToken cancellationToken) => kit.EvictAsync(cancellationToken);

    /// <summary>A refused proposal keeps its title and kind only, not its text, link or author.</summary>
    public string DataKeptAfterRejection(Proposal proposal)
    {
        var data = KitProposals.DataOf(proposal);
        return System.Text.Json.JsonSerializer.Serialize(data with { Description = null, Link = "", ProposedBy = null }, KitProposals.Json);
    }
}
