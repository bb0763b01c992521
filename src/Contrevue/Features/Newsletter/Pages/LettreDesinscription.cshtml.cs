using System.Globalization;
using Contrevue.Features.Newsletter.Subscriptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Newsletter.Pages;

/// <summary>
/// The <c>List-Unsubscribe</c> address (RFC 8058). A GET shows a button and changes nothing: link scanners
/// follow links. A POST of <c>List-Unsubscribe=One-Click</c> unsubscribes from everything, without cookie
/// nor antiforgery token (a mail client posts it; the signed link is the authority), and answers 200, no redirect.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class LettreDesinscriptionModel(SubscriptionService subscriptions, NewsletterLinks links) : PageModel
{
    public const string OneClickField = "List-Unsubscribe";
    public const string OneClickValue = "One-Click";

    [FromQuery(Name = "jeton")] public string? Token { get; set; }
    [FromQuery(Name = "envoi")] public string? Mailing { get; set; }

    public bool Invalid { get; private set; }
    public bool Done { get; private set; }

    public IActionResult OnGet()
    {
        Response.Headers.CacheControl = "private, no-store";
        if (links.ReadSubscriberToken(Token) is null)
        {
            Invalid = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "private, no-store";
        var oneClick = Request.HasFormContentType && (await Request.ReadFormAsync(cancellationToken))[OneClickField] == OneClickValue;
        if (links.ReadSubscriberToken(Token) is not { } id || !oneClick)
        {
            Invalid = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var mailingId = int.TryParse(Mailing, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed : (int?)null;
        if (!await subscriptions.UnsubscribeAsync(id, "one-click", mailingId, cancellationToken))
        {
            // Erased since: nobody to write to, which is what was asked.
            Response.StatusCode = StatusCodes.Status404NotFound;
            Invalid = true;
            return Page();
        }
        Done = true;
        return Page();
    }
}
