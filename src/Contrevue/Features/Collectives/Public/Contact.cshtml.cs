using Contrevue.Infrastructure.Abuse;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Collectives.Public;

/// <summary>Writing to a listed collective through <see cref="ContactRelay"/>; never served from the cache (a fresh proof-of-work challenge each time).</summary>
[AbuseResistant]
public sealed class ContactModel(CollectiveService collectives, ContactRelay relay, CollectiveCoverage coverage) : PageModel
{
    public Collective Collective { get; private set; } = null!;
    public bool Contactable { get; private set; }
    public bool Sent { get; private set; }
    public string ProfilePath => CollectiveDirectory.ProfilePath(Collective.Id, Collective.Name);

    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public bool ShareAddress { get; set; }

    public async Task<IActionResult> OnGetAsync(string key, [FromQuery(Name = "envoye")] bool sent, CancellationToken cancellationToken)
    {
        if (await LoadAsync(key, cancellationToken) is { } refused)
        {
            return refused;
        }
        Sent = sent;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string key, CancellationToken cancellationToken)
    {
        if (await LoadAsync(key, cancellationToken) is { } refused)
        {
            return refused;
        }
        if (!ModelState.IsValid || !Contactable)
        {
            return Page();
        }
        var errors = await relay.SendAsync(Collective.Id, new ContactRelay.Message(Text, Name, Email, ShareAddress), cancellationToken);
        if (errors is null)
        {
            Contactable = false;
            return Page();
        }
        if (errors.Count > 0)
        {
            foreach (var (field, error) in errors)
            {
                ModelState.AddModelError(field, error);
            }
            Response.StatusCode = errors.ContainsKey(ContactRelay.TooManyKey) ? StatusCodes.Status429TooManyRequests : StatusCodes.Status400BadRequest;
            return Page();
        }
        return Redirect($"{ProfilePath}/ecrire?envoye=true");
    }

    private async Task<IActionResult?> LoadAsync(string key, CancellationToken cancellationToken)
    {
        if (ProfileModel.IdOf(key) is not { } id || await collectives.FindAsync(id, cancellationToken) is not { Listed: true } collective)
        {
            return NotFound();
        }
        Collective = collective;
        Contactable = await coverage.IsContactableAsync(id, cancellationToken);
        return null;
    }
}
