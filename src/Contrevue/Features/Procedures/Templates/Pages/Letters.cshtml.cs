using Contrevue.Features.Campaigns.Letters;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Procedures.Templates.Pages;

/// <summary>
/// The procedure letter templates without JavaScript and without an account: choose a template,
/// fill the fields, download the PDF or DOCX, or see the text.
/// </summary>
[Infrastructure.Abuse.AbuseResistant(SuccessUrl = "/procedures/modeles")]
public sealed class LettersModel(ProcedureLetters letters, IStringLocalizer<SharedResource> text) : PageModel
{
    public string? PreviewText { get; private set; }

    [BindProperty(SupportsGet = true, Name = "modele")] public string Template { get; set; } = ProcedureLetters.CadaRequest;
    [BindProperty] public string Format { get; set; } = "pdf";
    [BindProperty] public string? SenderName { get; set; }
    [BindProperty] public string? SenderAddress { get; set; }
    [BindProperty] public string? SenderEmail { get; set; }
    [BindProperty] public string? SenderCity { get; set; }
    [BindProperty] public bool Registered { get; set; }
    [BindProperty] public string? AuthorityName { get; set; }
    [BindProperty] public string? AuthorityAddress { get; set; }
    [BindProperty] public string? Place { get; set; }
    /// <summary>Every item checked on a fresh form; a posted form without any gives an empty list.</summary>
    [BindProperty] public List<string> Documents { get; set; } = [];
    [BindProperty] public string? OtherDocuments { get; set; }
    [BindProperty] public string? RequestDate { get; set; }
    [BindProperty] public string? RefusalDate { get; set; }
    [BindProperty] public string? DecisionTitle { get; set; }
    [BindProperty] public string? DecisionDate { get; set; }
    [BindProperty] public string? PrefectoralOrder { get; set; }
    [BindProperty] public string? Processing { get; set; }
    [BindProperty] public string? Paragraph { get; set; }
    [BindProperty] public string? Attachments { get; set; }

    public string Today => letters.Today().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public void OnGet()
    {
        Documents = ProcedureLetters.Checklist.Select(item => item.Code).ToList();
        if (!ProcedureLetters.Templates.Any(t => t.Code == Template))
        {
            Template = ProcedureLetters.CadaRequest;
        }
    }

    /// <summary>The letter as a file.</summary>
    public IActionResult OnPost() => Compose(preview: false);

    /// <summary>The letter shown as text on the page.</summary>
    public IActionResult OnPostPreview() => Compose(preview: true);

    private IActionResult Compose(bool preview)
    {
        var input = new ProcedureLetterInput
        {
            Template = Template, Format = preview ? "txt" : Format,
            SenderName = SenderName, SenderAddress = SenderAddress, SenderEmail = SenderEmail, SenderCity = SenderCity, Registered = Registered,
            AuthorityName = AuthorityName, AuthorityAddress = AuthorityAddress, Place = Place,
            Documents = Documents, OtherDocuments = OtherDocuments,
            RequestDate = RequestDate, RefusalDate = RefusalDate,
            DecisionTitle = DecisionTitle, DecisionDate = DecisionDate, PrefectoralOrder = PrefectoralOrder,
            Processing = Processing, Paragraph = Paragraph, Attachments = Attachments,
        };
        switch (letters.Compose(Template, input))
        {
            case ProcedureLetterResult.Composed(var letter, var format, var stem):
                if (preview)
                {
                    PreviewText = LetterTextRenderer.Render(letter);
                    return Page();
                }
                var file = LetterFiles.Render(letter, format, stem);
                return File(file.Content, file.ContentType, file.FileName);
            case ProcedureLetterResult.Invalid(var errors):
                ModelState.AddModelError("", text["Lettre impossible : vérifiez les champs indiqués."]);
                foreach (var (field, messages) in errors)
                {
                    foreach (var message in messages)
                    {
                        ModelState.AddModelError(Key(field), text[message]);
                    }
                }
                return Page();
            default:
                throw new InvalidOperationException("Unknown composition result.");
        }
    }

    /// <summary>The service's camelCase field names as this form's property names, for the messages next to each field.</summary>
    private static string Key(string field) => char.ToUpperInvariant(field[0]) + field[1..];
}
