using Contrevue.Features.Moderation;
using Contrevue.Infrastructure.History;

namespace Contrevue.Features.Events.Proposals;

/// <summary>Turns an accepted proposal into a public event, within the moderator's decision; checked again, since time has passed.</summary>
public sealed class EventProposalPublisher(EventService events) : IProposalPublisher
{
    private int? publishedDossier;

    public string Kind => EventProposals.Kind;

    public string Label => "Rendez-vous proposé";

    public string ContributorLabel => "rendez-vous proposé";

    public string ReviewPath(int proposalId) => $"/moderation/rendez-vous/{proposalId}";

    public string Summary(Proposal proposal) => $"{Kind} {proposal.Territory}";

    public async Task<(Revision? Revision, Dictionary<string, string[]>? Errors)> PublishAsync(Proposal proposal, string? editedData, CancellationToken cancellationToken)
    {
        var data = EventProposals.DataOf(proposal);
        switch (await events.AddProposedAsync(data.Event, data.OrganisedBy, cancellationToken))
        {
            case EventChange.Done(var added):
                publishedDossier = added.DossierId;
                return (null, null);
            case EventChange.Invalid(var errors):
                return (null, errors);
            default:
                return (null, new() { ["event"] = ["Rendez-vous illisible."] });
        }
    }

    public Task PublishedAsync(CancellationToken cancellationToken) => events.PublishedAsync([publishedDossier], cancellationToken);

    /// <summary>A refused event is deleted: only its title and kind stay with the decision, not its place, link or text.</summary>
    public string DataKeptAfterRejection(Proposal proposal)
    {
        var proposed = EventProposals.DataOf(proposal).Event;
        return System.Text.Json.JsonSerializer.Serialize(
            new EventProposalData(new EventInput(proposed.Title, proposed.Kind, null, null, null, null, null, null, null, null, null, null, null, null), null),
            EventProposals.Json);
    }
}
