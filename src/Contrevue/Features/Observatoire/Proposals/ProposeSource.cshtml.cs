using Contrevue.Data;
using Contrevue.Features.Moderation;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Observatoire.Proposals;

/// <summary>The public form to add a source to a dossier; no account needed, published after moderation.</summary>
[Infrastructure.Abuse.AbuseResistant(SuccessUrl = "/proposer/merci")]
public sealed class ProposeSourceModel(ContrevueDbContext db, SourceProposals proposals, SiteAddress site, IStringLocalizer<SharedResource> text) : PageModel
{
    public string DossierTitle { get; private set; } = "";
    public string DossierPath { get; private set; } = "";

    [BindProperty] public SourceForm Form { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var source = new SourceDocument
        {
            Kind = Form.Kind, Title = Form.Title, Publisher = Form.Publisher, Url = Form.Url, PublishedOn = Form.PublishedOn,
            Confidence = Form.Confidence, Facts = Form.Facts,
        };
        var (accepted, errors) = await proposals.ProposeAsync(id, new SourceProposalInput(source, Form.ContributorEmail, Form.Note), site.Of(Request), cancellationToken);
        if (accepted is not null)
        {
            return Redirect($"/proposer/merci?statut={accepted.Status}");
        }
        Editing.DossierFormPage.AddErrors(ModelState, errors.ToDictionary(e => e.Key.Replace("source.", "sources[0].", StringComparison.Ordinal), e => e.Value), key => text[key]);
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var dossier = await db.Set<Dossier>().AsNoTracking().Where(d => d.Id == id && !d.IsHidden)
            .Select(d => new { d.Id, d.Slug, d.Title }).FirstOrDefaultAsync(cancellationToken);
        if (dossier is null)
        {
            return false;
        }
        DossierTitle = dossier.Title;
        DossierPath = $"/observatoire/dossiers/{dossier.Id}-{dossier.Slug}";
        return true;
    }

    public sealed class SourceForm
    {
        public string? Kind { get; set; } = "article";
        public string? Title { get; set; }
        public string? Publisher { get; set; }
        public string? Url { get; set; }
        public string? PublishedOn { get; set; }
        public string? Confidence { get; set; } = "to-verify";
        public List<string> Facts { get; set; } = [];
        public string? ContributorEmail { get; set; }
        public string? Note { get; set; }
    }
}
