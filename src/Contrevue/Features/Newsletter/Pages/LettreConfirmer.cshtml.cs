using Contrevue.Features.Newsletter.Subscriptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Newsletter.Pages;

/// <summary>
/// The confirmation link: the lists and topics to confirm and a button. A GET changes nothing (mail
/// scanners follow links); the POST confirms, or applies a confirmed subscriber's pending request.
/// </summary>
public sealed class LettreConfirmerModel(SubscriptionService subscriptions, NewsletterLinks links, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "jeton")]
    public string? Token { get; set; }

    public PendingView? Pending { get; private set; }
    public ConfirmOutcome? Outcome { get; private set; }
    public string? PreferencesUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Pending = await subscriptions.PendingAsync(Token, cancellationToken);
        if (Pending is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Pending = await subscriptions.PendingAsync(Token, cancellationToken);
        Outcome = await subscriptions.ConfirmAsync(Token, text[SubscriptionTexts.ConfirmationWording].Value, cancellationToken);
        if (Outcome == ConfirmOutcome.Invalid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else if (links.ReadConfirmationToken(Token) is { } id)
        {
            PreferencesUrl = "/lettre/preferences?jeton=" + Uri.EscapeDataString(links.SubscriberToken(id));
        }
        return Page();
    }
}
