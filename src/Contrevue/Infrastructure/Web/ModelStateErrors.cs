using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Contrevue.Infrastructure.Web;

public static class ModelStateErrors
{
    /// <summary>A service's French errors, keyed by field as in the API, shown next to the page's fields.</summary>
    public static void AddFieldErrors(this ModelStateDictionary modelState, Dictionary<string, string[]> errors, IStringLocalizer text)
    {
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                modelState.AddModelError(field, text[message]);
            }
        }
    }
}
