using Contrevue.Data;
using Contrevue.Features.Accounts;
using Contrevue.Features.Collectives;
using Contrevue.Features.Newsletter.Mailings;
using Contrevue.Features.Territories;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Newsletter.Pages;

/// <summary>A draft's subject, text, lists and topics, changed by an organiser of its lists.</summary>
[Authorize(Policy = Policies.Member)]
[RequestSizeLimit(MailingApi.MaxJsonBytes)]
[RequestFormLimits(ValueLengthLimit = (int)MailingApi.MaxJsonBytes)]
public sealed class EnvoisModifierModel(MailingService mailings, ContrevueDbContext db, CollectiveDirectory collectives, DepartementNames departements) : PageModel
{
    [BindProperty] public EnvoiForm Form { get; set; } = new();

    public Mailing Mailing { get; private set; } = null!;
    public EnvoiListChoices Choices { get; private set; } = null!;
    public string? Refused { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "private, no-store";
        if (await mailings.FindAsync(User, id, cancellationToken) is not { } mailing)
        {
            return NotFound();
        }
        if (mailing.Status != MailingStatus.Draft)
        {
            return Redirect($"/envois/{id}");
        }
        Mailing = mailing;
        Form = EnvoiForm.Of(mailing);
        Choices = await EnvoiListChoices.ForAsync(User, db, collectives, departements, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (await mailings.FindAsync(User, id, cancellationToken) is not { } mailing)
        {
            return NotFound();
        }
        Mailing = mailing;
        Choices = await EnvoiListChoices.ForAsync(User, db, collectives, departements, cancellationToken);
        switch (await mailings.UpdateAsync(User, id, Form.ToInput(), cancellationToken))
        {
            case MailingChange.Done:
                return Redirect($"/envois/{id}");
            case MailingChange.Invalid(var errors):
                EnvoiForm.AddErrors(ModelState, errors);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case MailingChange.Forbidden(var reason):
                Refused = reason;
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return Page();
            case MailingChange.Conflict(var reason):
                Refused = reason;
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            default:
                return NotFound();
        }
    }
}
