using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Procedures.Pages;

[Authorize(Policy = Policies.Member)]
public sealed class NewProcedureModel(ProcedureService procedures, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public ProcedureForm Form { get; set; } = new() { Kind = ProcedureCodes.CadaRequest };
    public string CollectiveName { get; private set; } = "";
    public IReadOnlyList<ProcedureSeries> Series { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "collectif")] int collectif, CancellationToken cancellationToken) =>
        await LoadAsync(collectif, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync([FromQuery(Name = "collectif")] int collectif, CancellationToken cancellationToken)
    {
        if (await LoadAsync(collectif, cancellationToken) is { } refused)
        {
            return refused;
        }
        switch (await procedures.CreateAsync(ProcedurePages.UserId(User)!, collectif, Form.ToInput(), cancellationToken))
        {
            case ProcedureChange.Done(var procedure):
                return Redirect($"/procedures/{procedure.Id}");
            case ProcedureChange.Invalid(var errors):
                ProcedurePages.AddErrors(ModelState, "Form.", errors, key => text[key]);
                return Page();
            default:
                return NotFound();
        }
    }

    /// <summary>Only a member of the collective may open its procedure form; others get "not found".</summary>
    private async Task<IActionResult?> LoadAsync(int collectiveId, CancellationToken cancellationToken)
    {
        var userId = ProcedurePages.UserId(User)!;
        var mine = (await procedures.MyCollectivesAsync(userId, cancellationToken)).Where(c => c.Id == collectiveId).ToList();
        if (mine.Count == 0)
        {
            return NotFound();
        }
        CollectiveName = mine[0].Name;
        Series = await procedures.SeriesOfAsync(collectiveId, cancellationToken);
        return null;
    }
}
