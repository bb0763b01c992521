using Contrevue.Data;

namespace Contrevue.Infrastructure.Audit;

/// <summary>Adds entries to the append-only audit log, saved with the action they record.</summary>
public sealed class AuditLog(ContrevueDbContext db, TimeProvider time)
{
    public void Record(string? actorUserId, string action, string target, string? details = null) =>
        db.Add(new AuditEntry
        {
            At = time.GetUtcNow().UtcDateTime,
            ActorUserId = actorUserId,
            Action = action,
            Target = target,
            Details = details is { Length: > 4000 } ? details[..4000] : details,
        });
}
