using Contrevue.Infrastructure.Audit;
using Contrevue.Data;
using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Moderation.Pages;

[Authorize(Policy = Policies.Admin)]
public sealed class AuditLogPageModel(ContrevueDbContext db) : PageModel
{
    public const int PageSize = 200;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Entries = await db.Set<AuditEntry>().AsNoTracking().OrderByDescending(a => a.Id).Take(PageSize).ToListAsync(cancellationToken);
}
