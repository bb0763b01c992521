using System.Globalization;
using Contrevue;
using Microsoft.Extensions.Localization;

namespace Contrevue.Tests.Infrastructure;

/// <summary>The localizer a French reader gets, for code tested without the app: each key is its own French text.</summary>
public sealed class FrenchText : IStringLocalizer<SharedResource>
{
    public static readonly FrenchText Instance = new();

    public LocalizedString this[string name] => new(name, name, resourceNotFound: true);

    public LocalizedString this[string name, params object[] arguments] =>
        new(name, string.Format(CultureInfo.GetCultureInfo("fr-FR"), name, arguments), resourceNotFound: true);

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
}
