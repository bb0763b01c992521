using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Contrevue.Features.Observatoire.Editing;

/// <summary>What the pages that send a <see cref="DossierForm"/> share: errors shown in the visitor's language, in place.</summary>
public static class DossierFormPage
{
    /// <summary>Errors from the editor (keyed by API path) go to the summary, each prefixed with the place it concerns.</summary>
    public static void AddErrors(ModelStateDictionary modelState, Dictionary<string, string[]> errors, Func<string, string> translate)
    {
        foreach (var (path, messages) in errors)
        {
            foreach (var message in messages)
            {
                modelState.AddModelError("", $"{translate(DossierForm.PlaceOf(path))} : {translate(message)}");
            }
        }
    }

    public static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
}
