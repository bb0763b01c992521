using System.Text;
using Contrevue.Data;
using Contrevue.Infrastructure.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace Contrevue.Features.Accounts;

/// <summary>Password reset by e-mail, with Identity's one-time tokens (valid one day by default).</summary>
public sealed class PasswordResetService(UserManager<ContrevueUser> users, IMailOutbox mail, ContrevueDbContext db)
{
    /// <summary>Sends the link if the account exists; says nothing either way (no account discovery).</summary>
    public async Task RequestAsync(string email, string siteUrl, CancellationToken cancellationToken)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            return;
        }
        var token = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
        var link = $"{siteUrl.TrimEnd('/')}/mot-de-passe/nouveau?email={Uri.EscapeDataString(user.Email!)}&jeton={token}";
        mail.Enqueue(user.Email!, AccountMails.PasswordReset(link));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ResetAsync(string email, string token, string password)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token));
        }
        catch (FormatException)
        {
            decoded = "";
        }
        if (user is null || decoded.Length == 0)
        {
            return ["Ce lien n'est plus valable : demandez-en un nouveau."];
        }
        var result = await users.ResetPasswordAsync(user, decoded, password);
        if (result.Succeeded)
        {
            // A reset also ends a lockout: the owner proved they hold the mailbox.
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            return [];
        }
        return [.. result.Errors.Select(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken) ? "Ce lien n'est plus valable : demandez-en un nouveau." : e.Description)];
    }
}
