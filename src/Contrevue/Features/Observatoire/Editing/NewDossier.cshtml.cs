using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Observatoire.Editing;

/// <summary>Members and moderators create a dossier directly; it is public at once, with its history.</summary>
[Authorize(Policy = Policies.Member)]
public sealed class NewDossierModel(DossierService dossiers, DossierUploads uploads, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public DossierForm Form { get; set; } = new();

    public void OnGet(string? territoire)
    {
        Form = new DossierForm { AuthorityCode = territoire, Status = "announced" }.WithBlankRows();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var uploadErrors = await uploads.StoreAsync(Form, cancellationToken);
        var (document, errors) = Form.ToDocument();
        foreach (var (field, messages) in uploadErrors)
        {
            errors[field] = messages;
        }
        if (errors.Count == 0)
        {
            switch (await dossiers.CreateAsync(document, DossierFormPage.UserId(User), cancellationToken))
            {
                case DossierChange.Saved(var dossier, _):
                    return Redirect(dossier.CanonicalPath);
                case DossierChange.Invalid(var invalid):
                    errors = invalid;
                    break;
            }
        }
        else
        {
            foreach (var (field, messages) in await dossiers.CheckAsync(document, null, cancellationToken))
            {
                errors.TryAdd(field, messages);
            }
        }
        DossierFormPage.AddErrors(ModelState, errors, key => text[key]);
        return Page();
    }
}
