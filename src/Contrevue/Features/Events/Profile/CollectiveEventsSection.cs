using Contrevue.Features.Collectives.Profile;

namespace Contrevue.Features.Events.Profile;

public sealed record CollectiveEventsModel(int CollectiveId, IReadOnlyList<EventOccurrenceDto> Items);

/// <summary>« Prochains rendez-vous » on a listed collective's public profile, with its calendar feed.</summary>
internal sealed class CollectiveEventsSection(EventService events, EventDocuments documents, TimeProvider time) : ICollectiveProfileSection
{
    public const int Shown = 10;

    public int Order => 30;

    public async Task<CollectiveProfileSectionView?> LoadAsync(CollectiveProfileContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (occurrences, _) = await events.OccurrencesAsync(new EventQuery(now, now.AddDays(180), CollectiveId: context.CollectiveId), Shown, cancellationToken);
        return new CollectiveProfileSectionView("/Features/Events/Profile/_CollectiveEvents.cshtml",
            new CollectiveEventsModel(context.CollectiveId, await documents.OccurrencesAsync(occurrences, cancellationToken)));
    }
}
