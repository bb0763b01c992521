using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Procedures.Deadlines.Pages;

public sealed class DeadlinesModel(IExtraHolidaySource holidays, IStringLocalizer<SharedResource> text) : PageModel
{
    public string? Procedure { get; private set; }
    public string? Start { get; private set; }
    public string? Departement { get; private set; }
    public DeadlineQuery? Query { get; private set; }
    public IReadOnlyList<DeadlineStep> Steps { get; private set; } = [];
    public Dictionary<string, string[]> Errors { get; private set; } = [];

    public string? ErrorOf(string key) => Errors.TryGetValue(key, out var messages) ? messages[0] : null;

    public async Task OnGetAsync(string? procedure, string? start, string? departement, CancellationToken cancellationToken)
    {
        (Procedure, Start, Departement) = (procedure, start, departement);
        // The first visit, with an empty form, is not an error.
        if (procedure is null && start is null && departement is null)
        {
            return;
        }
        (Query, Errors) = DeadlineQuery.Parse(procedure, start, departement, text);
        if (Query is not null)
        {
            Steps = DeadlineCalculator.Compute(Query.Procedure.Code, Query.Start, Query.Departement, await holidays.ListAsync(cancellationToken));
        }
    }
}
