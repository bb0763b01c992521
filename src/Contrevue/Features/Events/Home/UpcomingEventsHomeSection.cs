using Contrevue.Features.Home;

namespace Contrevue.Features.Events.Home;

/// <summary>
/// « Prochains rendez-vous » on the home page: the next few occurrences anywhere, and the way to the agenda.
/// The home page is cached with the territory pages, which every event write evicts.
/// </summary>
internal sealed class UpcomingEventsHomeSection(EventService events, EventDocuments documents, TimeProvider time) : IHomeSection
{
    public const int Shown = 5;

    public int Order => 37;

    public async Task<HomeSectionView?> LoadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (occurrences, _) = await events.OccurrencesAsync(new EventQuery(now, now.Add(Territory.UpcomingEventsPanel.Ahead)), Shown, cancellationToken);
        if (occurrences.Count == 0)
        {
            return null;
        }
        return new HomeSectionView("/Features/Events/Home/_UpcomingEventsHome.cshtml", await documents.OccurrencesAsync(occurrences, cancellationToken));
    }
}
