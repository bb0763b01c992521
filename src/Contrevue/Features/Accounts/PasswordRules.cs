using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Accounts;

/// <summary>
/// Password rules after NIST SP 800-63B (rev. 4): length rather than composition (at least 15
/// characters, since members may have no second factor; up to 256), no forced character classes,
/// and refusal of passwords known to be common or built from the account's own address.
/// </summary>
public sealed class PasswordRules(IStringLocalizer<SharedResource> text) : IPasswordValidator<ContrevueUser>
{
    public const int MinimumLength = 15;
    public const int MaximumLength = 256;

    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "123456789012345", "1234567890123456", "aaaaaaaaaaaaaaa", "passwordpassword", "motdepassemotdepasse",
        "azertyuiopqsdfgh", "qwertyuiopasdfgh", "iloveyouiloveyou", "contrevuecontrevue", "000000000000000",
        "111111111111111", "abcdefghijklmno", "motdepasse12345", "password1234567", "azertyuiop123456",
    };

    public Task<IdentityResult> ValidateAsync(UserManager<ContrevueUser> manager, ContrevueUser user, string? password)
    {
        password ??= "";
        var errors = new List<IdentityError>();
        if (password.Length > MaximumLength)
        {
            errors.Add(new IdentityError { Code = "PasswordTooLong", Description = text["Le mot de passe ne peut pas dépasser {0} caractères.", MaximumLength] });
        }
        var localPart = (user.Email ?? "").Split('@')[0];
        if (Common.Contains(password)
            || password.Distinct().Count() <= 2
            || password.Contains("contrevue", StringComparison.OrdinalIgnoreCase)
            || (localPart.Length >= 4 && password.Contains(localPart, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(new IdentityError { Code = "PasswordTooCommon", Description = "Ce mot de passe est trop courant ou trop facile à deviner : choisissez une phrase à vous." });
        }
        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }
}

/// <summary>Identity's messages, in French.</summary>
public sealed class FrenchIdentityErrors(IStringLocalizer<SharedResource> text) : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = text["Le mot de passe doit compter au moins {0} caractères (une phrase de plusieurs mots convient bien).", length] };

    public override IdentityError DuplicateEmail(string email) =>
        new() { Code = nameof(DuplicateEmail), Description = text["Un compte existe déjà pour {0}.", email] };

    public override IdentityError DuplicateUserName(string userName) =>
        new() { Code = nameof(DuplicateUserName), Description = text["Un compte existe déjà pour {0}.", userName] };

    public override IdentityError InvalidEmail(string? email) =>
        new() { Code = nameof(InvalidEmail), Description = text["L'adresse « {0} » n'est pas une adresse e-mail valide.", email ?? ""] };

    public override IdentityError InvalidUserName(string? userName) =>
        new() { Code = nameof(InvalidUserName), Description = text["L'identifiant « {0} » n'est pas valide.", userName ?? ""] };

    public override IdentityError PasswordMismatch() =>
        new() { Code = nameof(PasswordMismatch), Description = "Mot de passe incorrect." };

    public override IdentityError InvalidToken() =>
        new() { Code = nameof(InvalidToken), Description = "Ce lien ou ce code n'est plus valable." };

    public override IdentityError UserAlreadyInRole(string role) =>
        new() { Code = nameof(UserAlreadyInRole), Description = text["Ce compte a déjà le rôle {0}.", role] };

    public override IdentityError DefaultError() =>
        new() { Code = nameof(DefaultError), Description = "L'opération a échoué." };
}
