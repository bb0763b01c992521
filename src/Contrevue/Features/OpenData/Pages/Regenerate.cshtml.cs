using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.OpenData.Pages;

/// <summary>The admin's button: starts a dump in the background (it may take a minute on a large site) and says so.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class RegenerateModel(OpenDataDumper dumper) : PageModel
{
    public const string Started = "Export lancé : les fichiers de /donnees seront remplacés dans quelques instants.";
    public const string AlreadyRunning = "Un export est déjà en cours.";

    public void OnGet()
    {
    }

    public IActionResult OnPost()
    {
        TempData["OpenDataStatus"] = dumper.Request() ? Started : AlreadyRunning;
        return RedirectToPage();
    }
}
