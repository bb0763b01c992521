using Contrevue.Features.Collectives;
using Contrevue.Features.Newsletter.Subscriptions;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Newsletter.Pages;

/// <summary>« La lettre d'information »: what it is and the subscribe form (no JavaScript needed), then « check your mailbox ».</summary>
[Infrastructure.Abuse.AbuseResistant(SuccessUrl = "/lettre?envoye=true")]
public sealed class LettreModel(SubscriptionService subscriptions, DepartementNames departements, SiteAddress site, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public bool National { get; set; }
    [BindProperty] public string? Departement { get; set; }
    [BindProperty] public string? Collectif { get; set; }
    [BindProperty] public List<string> Topics { get; set; } = [];

    [FromQuery(Name = "envoye")] public bool Sent { get; set; }

    /// <summary>A list chosen on another page (a département's, a collective's profile).</summary>
    [FromQuery(Name = "liste")] public string? Chosen { get; set; }

    public IReadOnlyList<(string Code, string Name)> Departements { get; private set; } = [];
    public IReadOnlyList<PublicCollective> Collectives { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (NewsletterList.TryParse(Chosen, out var chosen))
        {
            (Departement, Collectif) = (chosen.DepartementCode, chosen.CollectiveId?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            National = true;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        List<string?> lists = [National ? NewsletterList.National.Code : null];
        if (!string.IsNullOrWhiteSpace(Departement))
        {
            lists.Add("departement:" + Departement.Trim());
        }
        if (!string.IsNullOrWhiteSpace(Collectif))
        {
            lists.Add("collective:" + Collectif.Trim());
        }
        var input = new SubscriptionInput(Email, lists, [.. Topics]);
        switch (await subscriptions.SubscribeAsync(input, "form", text[SubscriptionTexts.ConsentWording].Value, site.Of(Request), cancellationToken))
        {
            case SubscribeOutcome.Invalid(var errors):
                Response.StatusCode = StatusCodes.Status400BadRequest;
                ModelState.AddFieldErrors(errors, text);
                return Page();
            default:
                return Redirect("/lettre?envoye=true");
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Departements = await departements.AllAsync(cancellationToken);
        Collectives = await subscriptions.OpenListedCollectivesAsync(cancellationToken);
    }
}
