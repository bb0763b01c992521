using System.Security.Claims;
using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Procedures.Deadlines.Administration;

/// <summary>Public holidays the calculator does not know by itself: a new law's day, a local one.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class HolidaysModel(ExtraHolidays holidays) : PageModel
{
    public IReadOnlyList<ExtraHolidayEntry> Entries { get; private set; } = [];
    public Dictionary<string, string[]> Errors { get; private set; } = [];

    [BindProperty] public string? Date { get; set; }
    [BindProperty] public string? Label { get; set; }
    [BindProperty] public string? Departement { get; set; }

    public string? ErrorOf(string key) => Errors.TryGetValue(key, out var messages) ? messages[0] : null;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Entries = await holidays.EntriesAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Errors = await holidays.AddAsync(Date, Label, Departement, User.FindFirstValue(ClaimTypes.NameIdentifier), cancellationToken);
        if (Errors.Count > 0)
        {
            Entries = await holidays.EntriesAsync(cancellationToken);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id, CancellationToken cancellationToken)
    {
        await holidays.RemoveAsync(id, User.FindFirstValue(ClaimTypes.NameIdentifier), cancellationToken);
        return RedirectToPage();
    }
}
