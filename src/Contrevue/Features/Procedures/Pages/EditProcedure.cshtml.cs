using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Procedures.Pages;

[Authorize(Policy = Policies.Member)]
public sealed class EditProcedureModel(ProcedureService procedures, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public ProcedureForm Form { get; set; } = new();
    public Procedure Procedure { get; private set; } = null!;
    public IReadOnlyList<ProcedureSeries> Series { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }
        Form = ProcedureForm.From(Procedure);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }
        switch (await procedures.UpdateAsync(ProcedurePages.UserId(User)!, id, Form.ToInput(), cancellationToken))
        {
            case ProcedureChange.Done:
                return Redirect($"/procedures/{id}");
            case ProcedureChange.Invalid(var errors):
                ProcedurePages.AddErrors(ModelState, "Form.", errors, key => text[key]);
                return Page();
            default:
                return NotFound();
        }
    }

    /// <summary>Members only, public or not: others get "not found".</summary>
    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        if (await procedures.ReadAsync(id, ProcedurePages.UserId(User), cancellationToken) is not ProcedureLookup.Visible { IsMember: true } visible)
        {
            return NotFound();
        }
        Procedure = visible.Procedure;
        Series = await procedures.SeriesOfAsync(Procedure.CollectiveId, cancellationToken);
        return null;
    }
}
