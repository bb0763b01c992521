using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Accounts.Pages;

[Authorize(Policy = Policies.Member)]
public sealed class AccountModel(
    UserManager<ContrevueUser> users, ApiTokenService tokens, IEnumerable<IAccountSection> sections, Contrevue.Infrastructure.Audit.AuditLog audit,
    AccountDataService accountData, SignInManager<ContrevueUser> signIn, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text) : PageModel
{
    public ContrevueUser Account { get; private set; } = null!;
    public IReadOnlyList<string> AccountRoles { get; private set; } = [];
    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];
    /// <summary>What other features show on the page (<see cref="IAccountSection"/>), in their order.</summary>
    public IReadOnlyList<AccountSection> Sections { get; private set; } = [];
    public IReadOnlyList<UserPasskeyInfo> Passkeys { get; private set; } = [];
    /// <summary>A token just created: shown this once, never again.</summary>
    public string? NewToken { get; private set; }

    [BindProperty]
    [Required(ErrorMessage = "Donnez un nom au jeton (à quoi il sert).")]
    [StringLength(ApiTokenService.MaxNameLength, ErrorMessage = "Ce nom est trop long (100 caractères au plus).")]
    [Display(Name = "Nom du jeton")]
    public string TokenName { get; set; } = "";

    [TempData]
    public string? Message { get; set; }

    /// <summary>The password typed to confirm the account's deletion.</summary>
    [BindProperty]
    public string? DeletePassword { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : Challenge();

    public async Task<IActionResult> OnPostCreateTokenAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Challenge();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        // Shown in the answer to this POST rather than after a redirect: the secret must not travel
        // through TempData or a URL.
        NewToken = (await tokens.CreateAsync(Account, TokenName, cancellationToken)).Token;
        Tokens = await tokens.ListAsync(Account.Id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User);
        if (userId is null)
        {
            return Challenge();
        }
        Message = await tokens.RevokeAsync(userId, id, cancellationToken) ? "Jeton révoqué." : "Ce jeton n'existe pas ou est déjà révoqué.";
        return RedirectToPage();
    }

    /// <summary>A plain form, so that removing a passkey needs no JavaScript.</summary>
    public async Task<IActionResult> OnPostRemovePasskeyAsync(string id)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        var credentialId = DecodeCredentialId(id);
        if (credentialId is null || await users.GetPasskeyAsync(user, credentialId) is not { } passkey)
        {
            Message = "Cette clé d'accès n'existe pas ou est déjà retirée.";
            return RedirectToPage();
        }
        // Recorded first so that the store's save of the removal saves the entry with it.
        audit.Record(user.Id, "passkey.remove", $"user:{user.Id}", passkey.Name);
        var result = await users.RemovePasskeyAsync(user, credentialId);
        Message = result.Succeeded ? "Clé d'accès retirée." : "La clé d'accès n'a pas pu être retirée.";
        return RedirectToPage();
    }

    /// <summary>Everything the account holds, as a JSON download: read-only, so a GET.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        var export = await accountData.ExportAsync(user, cancellationToken);
        Response.Headers.CacheControl = "no-store";
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(export, ExportJson);
        return File(json, "application/json", "contrevue-mes-donnees.json");
    }

    private static readonly System.Text.Json.JsonSerializerOptions ExportJson = new(System.Text.Json.JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Deletes the signed-in account, confirmed by its password.</summary>
    public async Task<IActionResult> OnPostDeleteAccountAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Challenge();
        }
        var deletion = await accountData.DeleteAsync(Account, DeletePassword, cancellationToken);
        if (!deletion.Deleted)
        {
            ModelState.AddModelError(nameof(DeletePassword), text[deletion.Error!]);
            return Page();
        }
        await signIn.SignOutAsync();
        return Redirect("/?compte=supprime");
    }

    public static string EncodeCredentialId(byte[] credentialId) => System.Buffers.Text.Base64Url.EncodeToString(credentialId);

    private static byte[]? DecodeCredentialId(string? id)
    {
        try
        {
            return string.IsNullOrEmpty(id) ? null : System.Buffers.Text.Base64Url.DecodeFromChars(id);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return false;
        }
        Account = user;
        AccountRoles = [.. await users.GetRolesAsync(user)];
        Tokens = await tokens.ListAsync(user.Id, cancellationToken);
        var loaded = new List<AccountSection>();
        foreach (var section in sections.OrderBy(s => s.Order))
        {
            loaded.Add(new AccountSection(section.PartialName, await section.LoadAsync(user, AccountRoles, cancellationToken)));
        }
        Sections = loaded;
        Passkeys = [.. (await users.GetPasskeysAsync(user)).OrderBy(p => p.CreatedAt)];
        return true;
    }
}
