using System.Runtime.CompilerServices;
using Contrevue.Data;
using Contrevue.Features.OpenData;
using Contrevue.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Events.OpenData;

/// <summary>The public events of the agenda (past and to come), without anything about who comes.</summary>
internal sealed class EventsDataset(ContrevueDbContext db, SiteAddress site) : IOpenDataset
{
    private const int BatchSize = 1000;

    public string Name => "rendez-vous";
    public int Order => 30;
    public string Title => "Rendez-vous";
    public string Description => "Les rendez-vous publics de l'agenda : réunions d'information, rencontres inter-collectifs, débats, collages, conseils municipaux. Aucune donnée sur les participants.";
    public OpenDataLicence Licence => OpenDataLicence.Contrevue;
    public bool HasPoints => false;

    public IReadOnlyList<OpenDataColumn> Columns { get; } =
    [
        new("id", OpenDataType.WholeNumber, "Identifiant du rendez-vous."),
        new("titre", OpenDataType.Text, "Titre."),
        new("type", OpenDataType.Text, "Type de rendez-vous (code)."),
        new("debut_local", OpenDataType.Text, "Début, heure de Paris (AAAA-MM-JJTHH:MM)."),
        new("fin_local", OpenDataType.Text, "Fin, heure de Paris."),
        new("recurrence", OpenDataType.Text, "Règle de répétition iCalendar (RRULE), s'il se répète."),
        new("premier_debut_utc", OpenDataType.DateTime, "Premier début, en UTC."),
        new("en_ligne", OpenDataType.Boolean, "Rendez-vous en ligne."),
        new("adresse", OpenDataType.Text, "Adresse publique du lieu."),
        new("territoire_type", OpenDataType.Text, "Type du territoire concerné."),
        new("territoire_code", OpenDataType.Text, "Code du territoire concerné."),
        new("departement", OpenDataType.Text, "Code du département."),
        new("organisateur", OpenDataType.Text, "Nom public de l'organisateur."),
        new("dossier_id", OpenDataType.WholeNumber, "Dossier de l'observatoire lié."),
        new("annule", OpenDataType.Boolean, "Rendez-vous annulé."),
        new("url", OpenDataType.Text, "Page du rendez-vous."),
    ];

    public async IAsyncEnumerable<OpenDataRow> RowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var address = site.Configured ?? SiteAddress.LocalAddress;
        var after = 0;
        while (true)
        {
            var batch = await db.Set<Event>().AsNoTracking().Where(e => e.Id > after).OrderBy(e => e.Id).Take(BatchSize).ToListAsync(cancellationToken);
            foreach (var item in batch)
            {
                yield return new OpenDataRow(
                [
                    item.Id, item.Title, item.Kind, item.LocalStart, item.LocalEnd, item.Recurrence, item.FirstStartUtc, item.Online,
                    item.Online ? null : item.Address, item.TerritoryKind?.ToString().ToLowerInvariant(), item.TerritoryCode, item.DepartementCode,
                    item.OrganiserName, item.DossierId, item.Cancelled, address + item.PagePath,
                ]);
            }
            if (batch.Count < BatchSize)
            {
                yield break;
            }
            after = batch[^1].Id;
        }
    }
}
