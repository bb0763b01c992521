using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Accounts.Pages;

/// <summary>
/// TOTP enrolment. Reachable without satisfying the TOTP requirement (that is its purpose), so it
/// uses plain authentication rather than the member policy.
/// </summary>
[Authorize]
public sealed class TwoFactorSetupModel(UserManager<ContrevueUser> users, SignInManager<ContrevueUser> signIn,
    IStringLocalizer<SharedResource> text) : PageModel
{
    public string SharedKey { get; private set; } = "";
    public string AuthenticatorUri { get; private set; } = "";
    public bool AlreadyEnabled { get; private set; }
    public bool Required { get; private set; }
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    [BindProperty]
    [Required(ErrorMessage = "Saisissez le code à 6 chiffres affiché par l'application.")]
    [StringLength(10, ErrorMessage = "Ce code est trop long.")]
    [Display(Name = "Code de vérification")]
    public string Code { get; set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(user);
            return Page();
        }
        var code = Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(Code), text["Code incorrect : vérifiez l'heure de votre téléphone et réessayez."]);
            await LoadAsync(user);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []];
        // The session now counts as signed in with a second factor.
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "mfa")]);
        AlreadyEnabled = true;
        // Recovery codes are shown in this answer only, never stored in clear or put in a URL.
        return Page();
    }

    private async Task LoadAsync(ContrevueUser user)
    {
        AlreadyEnabled = await users.GetTwoFactorEnabledAsync(user);
        Required = !TwoFactorRequirement.IsSatisfied(User);
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? "";
        }
        SharedKey = FormatKey(key);
        AuthenticatorUri = $"otpauth://totp/Contrevue:{Uri.EscapeDataString(user.Email ?? "")}?secret={key}&issuer=Contrevue&digits=6";
    }

    private static string FormatKey(string key)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            builder.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }
        return builder.ToString().TrimEnd().ToLowerInvariant();
    }
}
