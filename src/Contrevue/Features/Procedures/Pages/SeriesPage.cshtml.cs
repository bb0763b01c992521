using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Procedures.Pages;

/// <summary>Requests to several authorities grouped to be referred to the CADA together (CRPA art. R343-3-1): members only.</summary>
[Authorize(Policy = Policies.Member)]
public sealed class SeriesPageModel(ProcedureService procedures) : PageModel
{
    public ProcedureSeries Series { get; private set; } = null!;
    public IReadOnlyList<Procedure> Procedures { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await procedures.ReadSeriesAsync(id, ProcedurePages.UserId(User)!, cancellationToken) is not { } found)
        {
            return NotFound();
        }
        (Series, Procedures) = (found.Series, found.Procedures);
        return Page();
    }
}
