using Contrevue.Data;
using Contrevue.Features.Accounts;
using Contrevue.Features.Territories;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Contrevue.Infrastructure.Caching;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire.Pages;

/// <summary>The public page of a dossier: its facts, timeline, alerts and the sources that prove them.</summary>
[OutputCache(PolicyName = ObservatoireCache.DossierPolicy)]
public sealed class DossierModel(DossierService dossiers, FlagContext flagContext, ContrevueDbContext db, IAuthorizationService authorization,
    IEnumerable<Sections.IDossierPageSection> sections) : PageModel
{
    public Dossier Dossier { get; private set; } = null!;
    public DossierFlag Flags { get; private set; }
    /// <summary>The page of the dossier's territory, when it has one.</summary>
    public (string Name, string Url)? TerritoryLink { get; private set; }
    public bool CanEdit { get; private set; }
    public bool CanModerate { get; private set; }
    public int PendingReports { get; private set; }
    public IReadOnlyList<Sections.DossierPageSectionView> Sections { get; private set; } = [];

    /// <summary><c>{key}</c> is "12-videosurveillance-a-saint-etienne", or just "12".</summary>
    public async Task<IActionResult> OnGetAsync(string key, CancellationToken cancellationToken)
    {
        if (!int.TryParse(key.Split('-', 2)[0], out var id) || await dossiers.FindAsync(id, cancellationToken) is not { } dossier)
        {
            return NotFound();
        }
        if (!string.Equals(key, $"{dossier.Id}-{dossier.Slug}", StringComparison.Ordinal))
        {
            return RedirectPermanent(dossier.CanonicalPath);
        }
        Dossier = dossier;
        PublicPageCache.Tag(HttpContext, ObservatoireCache.DossierTag(dossier.Id));
        Flags = flagContext.Of(dossier);
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.Member)).Succeeded;
        CanModerate = (await authorization.AuthorizeAsync(User, Policies.Moderator)).Succeeded;
        if (CanModerate)
        {
            var sourceIds = dossier.Sources.Select(s => s.Id).ToList();
            PendingReports = await db.Set<Report>().CountAsync(r => r.Status == ReportStatus.Pending
                && ((r.TargetKind == ReportTargetKind.Dossier && r.TargetId == dossier.Id) || (r.TargetKind == ReportTargetKind.Source && sourceIds.Contains(r.TargetId))), cancellationToken);
        }
        TerritoryLink = await TerritoryLinkAsync(dossier, cancellationToken);
        var loaded = new List<Sections.DossierPageSectionView>();
        foreach (var section in sections.OrderBy(s => s.Order))
        {
            if (await section.LoadAsync(new Sections.DossierPageContext(dossier.Id, dossier.Title), cancellationToken) is { } view)
            {
                loaded.Add(view);
            }
        }
        Sections = loaded;
        return Page();
    }

    private async Task<(string, string)?> TerritoryLinkAsync(Dossier dossier, CancellationToken cancellationToken)
    {
        if (dossier.TerritoryKind is not { } kind || dossier.TerritoryCode is not { } code)
        {
            return null;
        }
        var found = kind switch
        {
            TerritoryKind.Commune => await db.Set<Commune>().Where(c => c.Code == code).Select(c => new { c.Name, Url = "/communes/" + c.Code + "-" + c.Slug }).FirstOrDefaultAsync(cancellationToken),
            TerritoryKind.Departement => await db.Set<Departement>().Where(d => d.Code == code).Select(d => new { d.Name, Url = "/departements/" + d.Code + "-" + d.Slug }).FirstOrDefaultAsync(cancellationToken),
            TerritoryKind.Region => await db.Set<Region>().Where(r => r.Code == code).Select(r => new { r.Name, Url = "/regions/" + r.Code + "-" + r.Slug }).FirstOrDefaultAsync(cancellationToken),
            _ => await db.Set<Epci>().Where(e => e.Siren == code).Select(e => new { e.Name, Url = "/epci/" + e.Siren + "-" + e.Slug }).FirstOrDefaultAsync(cancellationToken),
        };
        return found is null ? null : (found.Name, found.Url);
    }
}
