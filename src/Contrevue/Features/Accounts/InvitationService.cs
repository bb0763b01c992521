using Contrevue.Infrastructure;
using Contrevue.Infrastructure.Security;
using Contrevue.Infrastructure.Audit;
using System.Security.Cryptography;
using Contrevue.Data;
using Contrevue.Infrastructure.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Accounts;

public sealed record InvitationDetails(Invitation Invitation, string? CollectiveName);

/// <summary>Invitations: the only way in. Who may invite whom is checked here, not by the pages.</summary>
[Seam]
public sealed class InvitationService(
    ContrevueDbContext db, UserManager<ContrevueUser> users, AccountAdministration accounts, IInvitationCollectives collectives,
    IMailOutbox mail, AuditLog audit, TimeProvider time, IStringLocalizer<SharedResource> text)
{
    /// <summary>Returns French errors, or none when the invitation is stored and its e-mail queued.</summary>
    public async Task<List<string>> InviteAsync(
        string inviterUserId, bool inviterIsAdmin, string email, string role, int? collectiveId, string siteUrl, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        email = email.Trim();
        if (!Infrastructure.Mail.EmailAddresses.IsValid(email))
        {
            errors.Add("Adresse e-mail invalide.");
        }
        if (!Roles.All.Contains(role))
        {
            errors.Add("Rôle inconnu.");
        }
        if (!inviterIsAdmin)
        {
            // A member invites members, into a collective of their own.
            if (role != Roles.Member)
            {
                errors.Add("Seule l'administration peut inviter des modérateurs ou des administrateurs.");
            }
            if (collectiveId is not { } own || !await collectives.IsMemberAsync(own, inviterUserId, cancellationToken))
            {
                errors.Add("Vous ne pouvez inviter que dans un collectif dont vous êtes membre.");
            }
        }
        string? collectiveName = null;
        if (collectiveId is { } id && (collectiveName = await collectives.NameAsync(id, cancellationToken)) is null)
        {
            errors.Add("Collectif introuvable.");
        }
        if (errors.Count == 0 && await users.FindByEmailAsync(email) is not null)
        {
            if (inviterIsAdmin)
            {
                errors.Add(text["Un compte existe déjà pour {0}.", email]);
            }
            else
            {
                // A member must not learn who has an account by inviting addresses: the answer is the
                // usual one, and the address's owner, who knows, is told instead.
                mail.Enqueue(email, AccountMails.InvitationToExistingAccount(collectiveName!));
                await db.SaveChangesAsync(cancellationToken);
                return [];
            }
        }
        if (errors.Count > 0)
        {
            return errors;
        }

        var token = NewToken();
        var now = time.GetUtcNow().UtcDateTime;
        var invitation = new Invitation
        {
            Email = email,
            Role = role,
            CollectiveId = collectiveId,
            InvitedByUserId = inviterUserId,
            TokenHash = Hash(token),
            CreatedAt = now,
            ExpiresAt = now.AddDays(Invitation.ValidDays),
        };
        db.Add(invitation);
        mail.Enqueue(email, AccountMails.Invitation(role, collectiveName, $"{siteUrl.TrimEnd('/')}/invitation?jeton={token}", invitation.ExpiresAt));
        audit.Record(inviterUserId, "invitation.create", collectiveId is null ? "accounts" : $"collective:{collectiveId}", role);
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    public async Task<InvitationDetails?> FindValidAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return null;
        }
        var hash = Hash(token);
        var now = time.GetUtcNow().UtcDateTime;
        var invitation = await db.Set<Invitation>().FirstOrDefaultAsync(i => i.TokenHash == hash && i.AcceptedAt == null && i.ExpiresAt > now, cancellationToken);
        if (invitation is null)
        {
            return null;
        }
        var collectiveName = invitation.CollectiveId is { } id ? await collectives.NameAsync(id, cancellationToken) : null;
        return new InvitationDetails(invitation, collectiveName);
    }

    /// <summary>Creates the account with the invited role (and membership), once.</summary>
    public async Task<AccountResult> AcceptAsync(string token, string password, CancellationToken cancellationToken)
    {
        var details = await FindValidAsync(token, cancellationToken);
        if (details is null)
        {
            return AccountResult.Failed("Cette invitation n'est plus valable : demandez-en une nouvelle.");
        }
        var invitation = await db.Set<Invitation>().FirstAsync(i => i.Id == details.Invitation.Id, cancellationToken);
        var created = await accounts.CreateAsync(invitation.Email, password, invitation.Role);
        if (!created.Succeeded)
        {
            return created;
        }
        invitation.AcceptedAt = time.GetUtcNow().UtcDateTime;
        if (invitation.CollectiveId is { } collectiveId)
        {
            collectives.Join(collectiveId, created.User!.Id, invitation.AcceptedAt.Value);
        }
        await db.SaveChangesAsync(cancellationToken);
        return created;
    }

    private static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
