using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Collectives.Pages;

[Authorize(Policy = Policies.Admin)]
public sealed class AdminCollectivesModel(CollectiveService collectives) : PageModel
{
    public IReadOnlyList<CollectiveSummary> Collectives { get; private set; } = [];

    [BindProperty]
    [Display(Name = "Nom")]
    public string? Name { get; set; }

    [BindProperty]
    [Display(Name = "Description")]
    public string? Description { get; set; }

    [BindProperty]
    [Display(Name = "Territoires couverts")]
    public string? Territories { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Collectives = await collectives.ListAsync(null, cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var (collective, errors) = await collectives.CreateAsync(User.FindFirstValue(ClaimTypes.NameIdentifier)!, Name, Description, Territories, cancellationToken);
        if (collective is null)
        {
            foreach (var error in errors)
            {
                ModelState.AddModelError("", error);
            }
            Collectives = await collectives.ListAsync(null, cancellationToken);
            return Page();
        }
        return Redirect($"/collectifs/{collective.Id}");
    }
}
