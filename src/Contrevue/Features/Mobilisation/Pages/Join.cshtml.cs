using Contrevue.Features.Collectives;
using Contrevue.Features.Territories.Search;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Mobilisation.Pages;

/// <summary>« Rejoindre la mobilisation »: the form, then « check your mailbox » (Post/Redirect/Get).</summary>
[Infrastructure.Abuse.AbuseResistant(SuccessUrl = "/rejoindre?envoye=true")]
public sealed class JoinModel(SignUpService signUps, ListedCollectives listed, TerritoryField territoryField, SiteAddress site, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Territoire { get; set; }
    [BindProperty] public string? CollectiveName { get; set; }
    [BindProperty] public List<string> HelpWith { get; set; } = [];
    [BindProperty] public string? Message { get; set; }

    [FromQuery(Name = "envoye")] public bool Sent { get; set; }

    public TerritoryFieldView TerritoryField { get; private set; } = null!;
    public IReadOnlyList<PublicCollective> Collectives { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        // The field reads names and postal codes as well as codes; the service wants a reference.
        var resolved = await territoryField.ResolveAsync(Territoire, [], cancellationToken);
        TerritoryField = TerritoryField.With(resolved);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var input = new SignUpInput(Email, (resolved as TerritoryFieldResult.Found)?.Territory.ToString() ?? "", CollectiveName, HelpWith, Message);
        switch (await signUps.SubmitAsync(input, site.Of(Request), cancellationToken))
        {
            case SignUpOutcome.Accepted when resolved is TerritoryFieldResult.Found:
                return Redirect("/rejoindre?envoye=true");
            case SignUpOutcome.Invalid(var errors):
                // The territory field shows its own error (or its candidates) next to itself.
                errors.Remove("territory");
                ModelState.AddFieldErrors(errors, text);
                return Page();
            default:
                return Page();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        TerritoryField = new TerritoryFieldView("territoire", nameof(Territoire), text["Votre commune"], Territoire)
        {
            Hint = text["Son nom, son code postal ou son code INSEE ; un département ou une intercommunalité conviennent aussi."],
        };
        Collectives = await listed.AllAsync(cancellationToken);
    }
}
