using Contrevue.Data;
using Contrevue.Features.Accounts;
using Contrevue.Features.Collectives;
using Contrevue.Features.Newsletter.Mailings;
using Contrevue.Features.Territories;
using Contrevue.Features.Veille.Digest;
using Contrevue.Infrastructure.Text;
using Contrevue.Infrastructure.Time;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Newsletter.Pages;

/// <summary>A new mailing, saved as a draft; « Partir de la lettre hebdomadaire » fills it with this week's digest.</summary>
[Authorize(Policy = Policies.Member)]
[RequestSizeLimit(MailingApi.MaxJsonBytes)]
[RequestFormLimits(ValueLengthLimit = (int)MailingApi.MaxJsonBytes)]
public sealed class EnvoisNouveauModel(
    MailingService mailings, ContrevueDbContext db, CollectiveDirectory collectives, DepartementNames departements,
    WeeklyDigest digest, SiteAddress site, TimeProvider time, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public EnvoiForm Form { get; set; } = new();
    [BindProperty(SupportsGet = true, Name = "depart")] public string? Start { get; set; }

    public EnvoiListChoices Choices { get; private set; } = null!;
    public string? Refused { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "private, no-store";
        Choices = await EnvoiListChoices.ForAsync(User, db, collectives, departements, cancellationToken);
        if (Start == "hebdomadaire")
        {
            var week = new DigestWeek(WeeklyDigest.MondayOfWeekOf(ParisCalendar.Today(time)), site.WithoutRequest);
            Form.Markdown = await digest.MarkdownAsync(week, cancellationToken);
            Form.Subject = text["Lettre hebdomadaire — semaine du {0}", FrenchDates.Format(week.Monday)].Value;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Choices = await EnvoiListChoices.ForAsync(User, db, collectives, departements, cancellationToken);
        switch (await mailings.CreateAsync(User, Form.ToInput(), cancellationToken))
        {
            case MailingChange.Done(var mailing):
                return Redirect($"/envois/{mailing.Id}");
            case MailingChange.Invalid(var errors):
                EnvoiForm.AddErrors(ModelState, errors);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case MailingChange.Forbidden(var reason):
                Refused = reason;
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return Page();
            default:
                return NotFound();
        }
    }
}
