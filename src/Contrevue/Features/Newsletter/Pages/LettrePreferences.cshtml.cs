using Contrevue.Features.Newsletter.Subscriptions;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Newsletter.Pages;

/// <summary>
/// The preferences page of the signed link in every letter: lists, topics, unsubscribing from all, and the
/// person's own consent log. No account: the link is the authority; the forms carry the antiforgery token.
/// </summary>
public sealed class LettrePreferencesModel(
    SubscriptionService subscriptions, NewsletterLinks links, DepartementNames departements, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "jeton")] public string? Token { get; set; }
    [BindProperty] public List<string> Lists { get; set; } = [];
    [BindProperty] public List<string> Topics { get; set; } = [];
    [FromQuery(Name = "fait")] public string? Done { get; set; }

    public Subscriber? Subscriber { get; private set; }
    public IReadOnlyList<ConsentRecord> Log { get; private set; } = [];
    public IReadOnlyList<(string Code, string Name)> Choices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }
        Lists = [.. Subscriber!.Subscriptions.Select(s => s.ListCode)];
        Topics = [.. NewsletterTopics.Split(Subscriber.Topics)];
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }
        var errors = await subscriptions.ChangeAsync(Subscriber!.Id, [.. Lists], [.. Topics], text[SubscriptionTexts.PreferencesWording].Value, cancellationToken);
        if (errors is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            ModelState.AddFieldErrors(errors, text);
            return Page();
        }
        return Redirect($"/lettre/preferences?jeton={Uri.EscapeDataString(Token!)}&fait=enregistre");
    }

    public async Task<IActionResult> OnPostUnsubscribeAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }
        await subscriptions.UnsubscribeAsync(Subscriber!.Id, "preferences", null, cancellationToken);
        return Redirect($"/lettre/preferences?jeton={Uri.EscapeDataString(Token!)}&fait=desabonne");
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "private, no-store";
        if (links.ReadSubscriberToken(Token) is not { } id)
        {
            return InvalidLink(StatusCodes.Status400BadRequest);
        }
        Subscriber = await subscriptions.FindAsync(id, cancellationToken);
        if (Subscriber is null)
        {
            return InvalidLink(StatusCodes.Status404NotFound);
        }
        Log = await subscriptions.ConsentLogAsync(id, cancellationToken);
        var codes = new List<string> { NewsletterList.National.Code };
        codes.AddRange(Subscriber.Subscriptions.Select(s => s.ListCode).Where(c => !codes.Contains(c)));
        var names = await subscriptions.ListNamesAsync(SubscriptionService.Parse(codes), cancellationToken);
        Choices = [.. codes.Zip(names)];
        Departements = await departements.AllAsync(cancellationToken);
        return null;
    }

    public IReadOnlyList<(string Code, string Name)> Departements { get; private set; } = [];

    /// <summary>A forged link (400) or one whose subscriber was erased (404): a French page, never an error.</summary>
    public bool Invalid { get; private set; }

    private PageResult InvalidLink(int status)
    {
        Invalid = true;
        Response.StatusCode = status;
        return Page();
    }
}
