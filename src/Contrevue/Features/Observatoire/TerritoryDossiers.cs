using Contrevue.Data;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire;

public sealed record DossierLine(int Id, string Slug, string Title, string AuthorityName, Technology Technologies, DossierStatus Status, DateOnly? StatusSince, DossierFlag Flags, bool IsFictional)
{
    public string Path => $"/observatoire/dossiers/{Id}-{Slug}";
}

/// <summary>The dossiers a territory's page lists: its own first, the most recent first; the total and a link for the rest.</summary>
public sealed record TerritoryDossiers(TerritoryReference Territory, string TerritoryName, IReadOnlyList<DossierLine> Lines, int Total, DossierFlag FlagsFound)
{
    public const int PageSize = 50;

    public string ListUrl => Territory.Kind switch
    {
        TerritoryKind.Commune => $"/observatoire?commune={Territory.Code}",
        TerritoryKind.Departement => $"/observatoire?departement={Territory.Code}",
        TerritoryKind.Region => $"/observatoire?region={Territory.Code}",
        _ => $"/observatoire?epci={Territory.Code}",
    };
}

public sealed class TerritoryDossierQueries(ContrevueDbContext db, FlagContext flags)
{
    public async Task<TerritoryDossiers> ForAsync(TerritoryReference territory, string territoryName, CancellationToken cancellationToken)
    {
        var visible = db.Set<Dossier>().AsNoTracking().Where(d => !d.IsHidden);
        var code = territory.Code;
        var query = territory.Kind switch
        {
            TerritoryKind.Commune => visible.Where(d => d.CommuneCode == code),
            TerritoryKind.Departement => visible.Where(d => d.DepartementCode == code),
            TerritoryKind.Region => visible.Where(d => d.RegionCode == code),
            _ => visible.Where(d => d.EpciSiren == code || db.Set<Commune>().Any(c => c.EpciSiren == code && c.Code == d.CommuneCode)),
        };
        var total = await query.CountAsync(cancellationToken);
        if (total == 0)
        {
            return new TerritoryDossiers(territory, territoryName, [], 0, DossierFlag.None);
        }
        // Only what the line and the flags need: a listing never loads sources.
        var rows = await query.OrderByDescending(d => d.UpdatedAt).ThenByDescending(d => d.Id).Take(TerritoryDossiers.PageSize)
            .Select(d => new Dossier
            {
                Id = d.Id, Slug = d.Slug, Title = d.Title, AuthorityName = d.AuthorityName, Technologies = d.Technologies,
                Status = d.Status, StatusSince = d.StatusSince, AuthorizationIssuedOn = d.AuthorizationIssuedOn,
                AuthorizationExpiresOn = d.AuthorizationExpiresOn, AuthorizationCoversVideoVerbalisation = d.AuthorizationCoversVideoVerbalisation,
                JoExperimentation = d.JoExperimentation, IsFictional = d.IsFictional,
            })
            .ToListAsync(cancellationToken);
        var lines = rows.Select(d => new DossierLine(d.Id, d.Slug, d.Title, d.AuthorityName, d.Technologies, d.Status, d.StatusSince, flags.Of(d), d.IsFictional)).ToList();
        return new TerritoryDossiers(territory, territoryName, lines, total, lines.Aggregate(DossierFlag.None, (all, l) => all | l.Flags));
    }
}
