using Contrevue.Infrastructure.History;
using Contrevue.Infrastructure.Audit;
using Contrevue.Data;
using Contrevue.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Moderation;

/// <summary>
/// The revisions an account authored and the audit entries of its actions, in its export. On
/// deletion they stay (the public record and the append-only log), under the account's id, which
/// then leads to no one: a pseudonym.
/// </summary>
public sealed class ContributionData(ContrevueDbContext db) : IAccountDataHolder
{
    public string Section => "contributions";

    public async Task<object> ExportAsync(string userId, CancellationToken cancellationToken) => new
    {
        Revisions = await db.Set<Revision>().AsNoTracking().Where(r => r.AuthorUserId == userId).OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.EntityType, r.EntityKey, r.CreatedAt, r.Reason }).ToListAsync(cancellationToken),
        AuditEntries = await db.Set<AuditEntry>().AsNoTracking().Where(a => a.ActorUserId == userId).OrderBy(a => a.Id)
            .Select(a => new { a.At, a.Action, a.Target }).ToListAsync(cancellationToken),
        ProposalsDecided = await db.Set<Proposal>().AsNoTracking().Where(p => p.DecidedByUserId == userId).OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.Kind, p.DecidedAt, p.Status }).ToListAsync(cancellationToken),
    };

    public Task ForgetAsync(string userId, CancellationToken cancellationToken) => Task.CompletedTask;
}
