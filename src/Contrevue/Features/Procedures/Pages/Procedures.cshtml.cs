using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Procedures.Pages;

/// <summary>The procedures of the visitor's collectives, by status.</summary>
[Authorize(Policy = Policies.Member)]
public sealed class ProceduresModel(ProcedureService procedures) : PageModel
{
    public IReadOnlyList<ProcedureSummary> Procedures { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Collectives { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var userId = ProcedurePages.UserId(User)!;
        Procedures = await procedures.ListAsync(userId, cancellationToken);
        Collectives = await procedures.MyCollectivesAsync(userId, cancellationToken);
    }
}
