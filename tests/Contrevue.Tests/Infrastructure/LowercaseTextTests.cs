using Contrevue.Infrastructure.Localization;
using Microsoft.Extensions.Localization;

namespace Contrevue.Tests.Infrastructure;

public sealed class LowercaseTextTests
{
    private sealed class English(Dictionary<string, string> entries) : IStringLocalizer
    {
        public LocalizedString this[string name] =>
            entries.TryGetValue(name, out var value) ? new(name, value) : new(name, name, resourceNotFound: true);

        public LocalizedString this[string name, params object[] arguments] => this[name];

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }

    [Fact]
    public void A_lowercase_text_uses_its_capitalised_twin_when_it_has_no_entry()
    {
        // "En attente d'envoi" (a dashboard label) and "en attente d'envoi" (a state) cannot both be resource names.
        var english = new English(new() { ["En attente d'envoi"] = "Waiting to be sent", ["envoyé"] = "sent" });

        Assert.Equal("waiting to be sent", english.Lowercase("en attente d'envoi"));
        Assert.Equal("sent", english.Lowercase("envoyé"));
        Assert.Equal("relances en cours", english.Lowercase("relances en cours"));
        Assert.Equal("French", FrenchText.Instance.Lowercase("French"));
    }
}
