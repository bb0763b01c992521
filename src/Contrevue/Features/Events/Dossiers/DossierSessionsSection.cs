using Contrevue.Features.Observatoire.Sections;

namespace Contrevue.Features.Events.Dossiers;

public sealed record DossierSessionsModel(IReadOnlyList<EventOccurrenceDto> Items);

/// <summary>
/// « Prochaines séances du conseil » on a dossier's page: the council sessions linked to it, to go and
/// watch the vote. Nothing when none is announced. Event writes evict the dossier's page.
/// </summary>
internal sealed class DossierSessionsSection(EventService events, EventDocuments documents, TimeProvider time) : IDossierPageSection
{
    public const int Shown = 5;

    public int Order => 10;

    public async Task<DossierPageSectionView?> LoadAsync(DossierPageContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (occurrences, _) = await events.OccurrencesAsync(
            new EventQuery(now, now.Add(EventService.MaxWindow), Kind: Event.CouncilSession, DossierId: context.DossierId), Shown, cancellationToken);
        if (occurrences.Count == 0)
        {
            return null;
        }
        return new DossierPageSectionView("/Features/Events/Dossiers/_DossierSessions.cshtml",
            new DossierSessionsModel(await documents.OccurrencesAsync(occurrences, cancellationToken)));
    }
}
