using Contrevue.Data;
using Contrevue.Infrastructure.PersonalData;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Mobilisation;

/// <summary>Sign-ups by e-mail address, for the data-rights pages: shown, and erased whole.</summary>
public sealed class SignUpAddressHolder(ContrevueDbContext db) : IPersonalDataHolder
{
    public const string Kind = "Inscription à la mobilisation";

    public async Task<IReadOnlyList<PersonalDataItem>> FindAsync(string email, CancellationToken cancellationToken) =>
        [.. (await db.Set<SignUp>().AsNoTracking().Where(s => s.Email.ToLower() == email).OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken))
            .Select(s => new PersonalDataItem(Kind, s.TerritoryName, s.CreatedAt, s.ConfirmedAt is null ? "en attente de votre confirmation" : "confirmée"))];

    public Task<int> EraseAsync(string email, DateTime now, CancellationToken cancellationToken) =>
        db.Set<SignUp>().Where(s => s.Email.ToLower() == email).ExecuteDeleteAsync(cancellationToken);
}
