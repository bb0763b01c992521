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
        Form.Version = dossier.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (await dossiers.FindAsync(id, cancellationToken) is not { } dossier)
        {
            return NotFound();
        }
        Dossier = dossier;
        if (Form.Version is { } opened && opened != dossier.Version)
        {
            return Conflict(dossier.Version);
        }
        var uploadErrors = await uploads.StoreAsync(Form, cancellationToken);
        var (document, errors) = Form.ToDocument();
        foreach (var (field, messages) in uploadErrors)
        {
            errors[field] = messages;
        }
        if (errors.Count == 0)
        {
            switch (await dossiers.UpdateAsync(id, document, DossierFormPage.UserId(User), Form.Reason, revertsRevisionId: null, Form.Version, cancellationToken))
            {
                case DossierChange.Saved(var saved, _):
                    return Redirect(saved.CanonicalPath);
                case DossierChange.Conflict(var current):
                    return Conflict(current);
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

    /// <summary>
    /// Someone saved the dossier since this form was opened: nothing is written, what was typed is shown
    /// again with the message, and the form now carries the current version, so that saving again
    /// (after a look at the current dossier) is a deliberate choice to replace it.
    /// </summary>
    private PageResult Conflict(int currentVersion)
    {
        ModelState.Remove($"{nameof(Form)}.{nameof(DossierForm.Version)}");
        Form.Version = currentVersion;
        ModelState.AddModelError("", $"{text[DossierService.ConflictTitle]}. {text["Quelqu'un d'autre l'a enregistré depuis que vous avez ouvert ce formulaire : rien n'a été enregistré. Vos saisies sont conservées ci-dessous ; comparez-les avec la version actuelle du dossier, puis enregistrez à nouveau pour la remplacer."]}");
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }
}
