using Contrevue.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Accounts;

public sealed record AccountResult(bool Succeeded, IReadOnlyList<string> Errors, ContrevueUser? User = null)
{
    public static AccountResult Failed(params string[] errors) => new(false, errors);
}

/// <summary>Creating accounts and roles: used by the operator's CLI now, by invitations later.</summary>
public sealed class AccountAdministration(
    UserManager<ContrevueUser> users, RoleManager<IdentityRole> roles, TimeProvider time, Contrevue.Infrastructure.Audit.AuditLog audit, Data.ContrevueDbContext db,
    IStringLocalizer<SharedResource> text)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    public async Task<AccountResult> CreateAsync(string email, string password, string role)
    {
        await EnsureRolesAsync();
        email = email.Trim();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return AccountResult.Failed(text["Un compte existe déjà pour {0}.", email]);
        }
        var user = new ContrevueUser
        {
            UserName = email,
            Email = email,
            // The operator vouches for the address; invitations will confirm theirs by the link they follow.
            EmailConfirmed = true,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return new AccountResult(false, [.. created.Errors.Select(e => e.Description)]);
        }
        var inRole = await users.AddToRoleAsync(user, role);
        // The operator's CLI has no account: the actor is left empty.
        audit.Record(null, "account.create", $"user:{user.Id}", role);
        await db.SaveChangesAsync();
        return inRole.Succeeded ? new AccountResult(true, [], user) : new AccountResult(false, [.. inRole.Errors.Select(e => e.Description)]);
    }
}
