using System.ComponentModel.DataAnnotations;
using Contrevue.Features.Moderation;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Contacts.Pages;

/// <summary>The public form to propose or correct a territory's contacts; no account needed.</summary>
[Infrastructure.Abuse.AbuseResistant(SuccessUrl = "/proposer/merci")]
public sealed class ProposeContactModel(ContactProposals proposals, SiteAddress site,
    IStringLocalizer<SharedResource> text) : PageModel
{
    public TerritoryReference Territory { get; private set; }
    public string TerritoryName { get; private set; } = "";

    [BindProperty] public ContactForm Form { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string? territoire, CancellationToken cancellationToken)
    {
        if (await LoadAsync(territoire, cancellationToken) is not { } form)
        {
            return NotFound();
        }
        if (form.Current is { } current)
        {
            Form = new ContactForm
            {
                Mayor = current.Mayor,
                Email = current.Email,
                PostalAddress = current.PostalAddress,
                Website = current.Website,
                CadaOfficer = current.CadaOfficer,
            };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? territoire, CancellationToken cancellationToken)
    {
        if (await LoadAsync(territoire, cancellationToken) is null)
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var (accepted, errors) = await proposals.ProposeAsync(new ProposalInput(
            ContactProposals.Kind, Territory.ToString(),
            new ContactData(Form.Mayor, Form.Email, Form.PostalAddress, Form.Website, Form.CadaOfficer, Form.VerifiedOn),
            Form.Source, Form.ContributorEmail, Form.Note), site.Of(Request), cancellationToken);
        if (accepted is null)
        {
            foreach (var (field, messages) in errors)
            {
                foreach (var message in messages)
                {
                    // The service speaks French (its API answers are French); the page speaks the visitor's language.
                    ModelState.AddModelError($"Form.{FormField(field)}", text[message]);
                }
            }
            return Page();
        }
        return Redirect($"/proposer/merci?statut={accepted.Status}");
    }

    private async Task<ContactProposalForm?> LoadAsync(string? territoire, CancellationToken cancellationToken)
    {
        if (await proposals.FormAsync(territoire, cancellationToken) is not { } form)
        {
            return null;
        }
        Territory = form.Territory;
        TerritoryName = form.TerritoryName;
        return form;
    }

    private static string FormField(string apiField) => apiField switch
    {
        "data.mayor" => nameof(ContactForm.Mayor),
        "data.email" => nameof(ContactForm.Email),
        "data.postalAddress" => nameof(ContactForm.PostalAddress),
        "data.website" => nameof(ContactForm.Website),
        "data.cadaOfficer" => nameof(ContactForm.CadaOfficer),
        "data.verifiedOn" => nameof(ContactForm.VerifiedOn),
        "source" => nameof(ContactForm.Source),
        "contributorEmail" => nameof(ContactForm.ContributorEmail),
        "note" => nameof(ContactForm.Note),
        _ => "",
    };

    public sealed class ContactForm
    {
        [StringLength(ContactFacts.MaxTextLength, ErrorMessage = "300 caractères au plus.")]
        [Display(Name = "Nom du maire ou de la présidente / du président")]
        public string? Mayor { get; set; }

        [StringLength(254, ErrorMessage = "Adresse trop longue.")]
        [Display(Name = "E-mail de la mairie")]
        public string? Email { get; set; }

        [StringLength(500, ErrorMessage = "500 caractères au plus.")]
        [Display(Name = "Adresse postale")]
        public string? PostalAddress { get; set; }

        [StringLength(500, ErrorMessage = "500 caractères au plus.")]
        [Display(Name = "Site web")]
        public string? Website { get; set; }

        [StringLength(ContactFacts.MaxTextLength, ErrorMessage = "300 caractères au plus.")]
        [Display(Name = "Personne responsable de l'accès aux documents administratifs (PRADA)")]
        public string? CadaOfficer { get; set; }

        [Display(Name = "Vérifié le")]
        public string? VerifiedOn { get; set; }

        [Required(ErrorMessage = "Indiquez d'où viennent ces informations.")]
        [StringLength(1000, ErrorMessage = "1000 caractères au plus.")]
        [Display(Name = "Source")]
        public string? Source { get; set; }

        [StringLength(254, ErrorMessage = "Adresse trop longue.")]
        [Display(Name = "Votre e-mail (facultatif)")]
        public string? ContributorEmail { get; set; }

        [StringLength(ModerationService.MaxNoteLength, ErrorMessage = "2000 caractères au plus.")]
        [Display(Name = "Note pour la modération (facultatif)")]
        public string? Note { get; set; }
    }
}
