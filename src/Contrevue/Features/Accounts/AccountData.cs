using Contrevue.Infrastructure;
using Contrevue.Infrastructure.Security;
using Contrevue.Infrastructure.Audit;
using Contrevue.Data;
using Contrevue.Infrastructure.PersonalData;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Accounts;

/// <summary>
/// What one feature holds about an account, for its owner's export and deletion on <c>/compte</c>.
/// Each feature registers its own in its Setup; the account page knows none by name.
/// </summary>
[Seam]
public interface IAccountDataHolder
{
    /// <summary>The name of this feature's part of the export (a JSON property).</summary>
    string Section { get; }

    Task<object> ExportAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Erases what must go before the account row does (rows the foreign keys do not cascade), inside
    /// the caller's transaction. Ids left in revisions and the audit log no longer lead to anyone once
    /// the account is gone: they stay as pseudonyms, so the history keeps who did what as "one account".
    /// </summary>
    Task ForgetAsync(string userId, CancellationToken cancellationToken);
}

public sealed record AccountDeletion(bool Deleted, string? Error);

/// <summary>An account's export (a JSON document) and its deletion by its owner.</summary>
public sealed class AccountDataService(
    ContrevueDbContext db, UserManager<ContrevueUser> users, IEnumerable<IAccountDataHolder> holders,
    IEnumerable<IPersonalDataHolder> addressHolders, AuditLog audit, TimeProvider time)
{
    public async Task<Dictionary<string, object?>> ExportAsync(ContrevueUser user, CancellationToken cancellationToken)
    {
        var email = PersonalDataAddress.Normalize(user.Email ?? "");
        var export = new Dictionary<string, object?>
        {
            ["exportedAt"] = time.GetUtcNow().UtcDateTime,
            ["account"] = new
            {
                user.Id, user.Email, user.UserName, user.CreatedAt, user.TwoFactorEnabled, LockoutEnd = user.LockoutEnd?.UtcDateTime,
                Roles = await users.GetRolesAsync(user),
            },
            ["passkeys"] = (await users.GetPasskeysAsync(user)).Select(p => new { p.Name, p.CreatedAt }).ToList(),
            ["apiTokens"] = await db.Set<ApiToken>().AsNoTracking().Where(t => t.UserId == user.Id).OrderBy(t => t.Id)
                .Select(t => new { t.Name, t.Prefix, t.CreatedAt, t.LastUsedOn, t.RevokedAt }).ToListAsync(cancellationToken),
        };
        foreach (var holder in holders)
        {
            export[holder.Section] = await holder.ExportAsync(user.Id, cancellationToken);
        }
        var aboutAddress = new List<PersonalDataItem>();
        foreach (var holder in addressHolders)
        {
            aboutAddress.AddRange(await holder.FindAsync(email, cancellationToken));
        }
        export["aboutYourAddress"] = aboutAddress;
        return export;
    }

    /// <summary>
    /// Deletes the account after checking its password; refuses the last admin (no one could then
    /// manage the instance). Everything tied to its address goes with it; its revisions and audit
    /// entries stay, under an id that no longer leads to anyone.
    /// </summary>
    public async Task<AccountDeletion> DeleteAsync(ContrevueUser user, string? password, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(password) || !await users.CheckPasswordAsync(user, password))
        {
            return new AccountDeletion(false, "Mot de passe incorrect : le compte n'est pas supprimé.");
        }
        if (await users.IsInRoleAsync(user, Roles.Admin) && (await users.GetUsersInRoleAsync(Roles.Admin)).Count <= 1)
        {
            return new AccountDeletion(false, "Vous êtes le dernier compte administrateur : nommez-en un autre avant de supprimer le vôtre.");
        }
        var email = PersonalDataAddress.Normalize(user.Email ?? "");
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var holder in holders)
        {
            await holder.ForgetAsync(user.Id, cancellationToken);
        }
        foreach (var holder in addressHolders)
        {
            await holder.EraseAsync(email, now, cancellationToken);
        }
        await db.Set<Invitation>().Where(i => i.Email.ToLower() == email).ExecuteDeleteAsync(cancellationToken);
        // Without the address: the entry says an account was deleted, not whose.
        audit.Record(user.Id, "account.delete", $"user:{user.Id}");
        var result = await users.DeleteAsync(user);
        if (!result.Succeeded)
        {
            return new AccountDeletion(false, "Le compte n'a pas pu être supprimé : réessayez.");
        }
        await transaction.CommitAsync(cancellationToken);
        return new AccountDeletion(true, null);
    }
}
