using System.Globalization;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Localization;

namespace Contrevue.Infrastructure.Localization;

/// <summary>
/// French first, English second. The language comes from the visitor's choice (a cookie set by the
/// switch in the header) or else from Accept-Language. Texts are written in French in the code and
/// views, and translated in Resources/SharedResource.en.resx.
/// </summary>
public static class LocalizationSetup
{
    public static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");
    public static readonly IReadOnlyList<CultureInfo> Cultures = [French, English];

    public static WebApplicationBuilder AddContrevueLocalization(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization(options => options.ResourcesPath = "Resources");
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(French);
            options.SupportedCultures = [.. Cultures];
            options.SupportedUICultures = [.. Cultures];
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders =
            [
                new CookieRequestCultureProvider(),
                new AcceptLanguageByLanguageProvider(Cultures),
            ];
        });
        return builder;
    }

    /// <summary>
    /// The language came from the browser's Accept-Language, not from the visitor's choice: English pages
    /// then say that the platform is French first, with the switch at hand.
    /// </summary>
    public static bool ChosenByBrowser(HttpContext context) =>
        context.Features.Get<IRequestCultureFeature>()?.Provider is AcceptLanguageByLanguageProvider
        && CultureInfo.CurrentUICulture.TwoLetterISOLanguageName != French.TwoLetterISOLanguageName;

    /// <summary>What cached pages vary on for the language: the culture, and whether the browser chose it (the notice differs).</summary>
    public static KeyValuePair<string, string> CacheKey(HttpContext context) =>
        new("culture", CultureInfo.CurrentUICulture.Name + (ChosenByBrowser(context) ? "+browser" : ""));

    public static WebApplication UseContrevueLocalization(this WebApplication app)
    {
        app.UseRequestLocalization();
        app.MapGet("/langue/{language}", SwitchLanguage).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// A plain link rather than a form, so that pages carry no antiforgery token and stay cacheable;
    /// changing the language is harmless if forged.
    /// </summary>
    private static IResult SwitchLanguage(string language, string? retour, HttpContext context)
    {
        var culture = language switch
        {
            "fr" => French,
            "en" => English,
            _ => null,
        };
        if (culture is null)
        {
            return TypedResults.NotFound();
        }
        context.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions
            {
                Expires = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().AddYears(1),
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                IsEssential = true,
                Secure = context.Request.IsHttps,
            });
        return TypedResults.Redirect(ReturnUrl.Local(retour), permanent: false);
    }
}
