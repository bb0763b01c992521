using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Contrevue.Infrastructure.Localization;

/// <summary>
/// Matches Accept-Language by language, not by exact culture. Browsers send "en", "en-US" or "fr-CA";
/// the built-in provider falls back from a specific culture to its parent but never from "en" to
/// "en-GB", so English readers would get the French default.
/// </summary>
internal sealed class AcceptLanguageByLanguageProvider(IReadOnlyList<CultureInfo> cultures) : RequestCultureProvider
{
    // Like the built-in provider: a long header is not worth walking to its end.
    private const int MaximumValuesToTry = 5;

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var accepted = httpContext.Request.GetTypedHeaders().AcceptLanguage
            .Where(value => value.Quality != 0)
            .OrderByDescending(value => value.Quality ?? 1)
            .Take(MaximumValuesToTry);
        foreach (var value in accepted)
        {
            var language = value.Value.ToString().Split('-')[0];
            var culture = cultures.FirstOrDefault(c => string.Equals(c.TwoLetterISOLanguageName, language, StringComparison.OrdinalIgnoreCase));
            if (culture is not null)
            {
                return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(culture.Name));
            }
        }
        return NullProviderCultureResult;
    }
}
