using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Observatoire.Editing;

/// <summary>Members and moderators edit a dossier directly; each save is a revision.</summary>
[Authorize(Policy = Policies.Member)]
public sealed class EditDossierModel(DossierService dossiers, DossierUploads uploads, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public DossierForm Form { get; set; } = new();
    public Dossier Dossier { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await dossiers.FindAsync(id, cancellationToken) is not { } dossier)
        {
            return NotFound();
        }
        Dossier = dossier;
        Form = DossierForm.From(dossiers.Document(dossier, includeHidden: true)).WithBlankRows();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (await dossiers.FindAsync(id, cancellationToken) is not { } dossier)
        {
            return NotFound();
        }
        Dossier = dossier;
        var uploadErrors = await uploads.StoreAsync(Form, cancellationToken);
        var (document, errors) = Form.ToDocument();
        foreach (var (field, messages) in uploadErrors)
        {
            errors[field] = messages;
        }
        if (errors.Count == 0)
        {
            switch (await dossiers.UpdateAsync(id, document, DossierFormPage.UserId(User), Form.Reason, cancellationToken))
            {
                case DossierChange.Saved(var saved, _):
                    return Redirect(saved.CanonicalPath);
                case DossierChange.Invalid(var invalid):
                    errors = invalid;
                    break;
            }
        }
        else
        {
            foreach (var (field, messages) in await dossiers.CheckAsync(document, id, cancellationToken))
            {
                errors.TryAdd(field, messages);
            }
        }
        DossierFormPage.AddErrors(ModelState, errors, key => text[key]);
        return Page();
    }
}
