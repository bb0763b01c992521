using Contrevue.Data;
using Contrevue.Infrastructure.PersonalData;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Infrastructure.Mail;

/// <summary>
/// The outbox keeps every message with its recipient. Messages about the data-rights request itself
/// are not listed (asking must not create what it then reports), but are erased with the rest.
/// </summary>
public sealed class OutboxAddressHolder(ContrevueDbContext db) : IPersonalDataHolder
{
    public const string Kind = "Message envoyé";

    /// <summary>The subject of the data-rights link's e-mail, which the listing leaves out.</summary>
    public const string DataRightsSubject = "Contrevue : vos données";

    public async Task<IReadOnlyList<PersonalDataItem>> FindAsync(string email, CancellationToken cancellationToken)
    {
        var messages = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Recipient.ToLower() == email && m.Subject != DataRightsSubject)
            .OrderBy(m => m.Id)
            .Select(m => new { m.Subject, m.CreatedAt, m.Status })
            .ToListAsync(cancellationToken);
        return [.. messages.Select(m => new PersonalDataItem(Kind, m.Subject, m.CreatedAt, m.Status == OutboxStatus.Sent ? "envoyé" : "en attente d'envoi"))];
    }

    public Task<int> EraseAsync(string email, DateTime now, CancellationToken cancellationToken) =>
        db.OutboxMessages.Where(m => m.Recipient.ToLower() == email).ExecuteDeleteAsync(cancellationToken);
}
