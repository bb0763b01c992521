using System.Globalization;
using Contrevue.Infrastructure.Localization;

namespace Contrevue.Tests.Infrastructure;

/// <summary>Real plurals, ICU-style, by the rule of each language (CLDR: 0 is singular in French, plural in English).</summary>
public sealed class PluralsTests
{
    private const string Dossiers = "{0, plural, one {# dossier documenté} other {# dossiers documentés}}";

    [Theory]
    [InlineData("fr-FR", 0, "0 dossier documenté")]
    [InlineData("fr-FR", 1, "1 dossier documenté")]
    [InlineData("fr-FR", 2, "2 dossiers documentés")]
    [InlineData("fr-FR", 1234, "1\u202F234 dossiers documentés")]
    public void French_counts_zero_and_one_as_singular(string culture, long count, string expected) =>
        Assert.Equal(expected, Plurals.Select(Dossiers, count, Plurals.CategoryOf(count, CultureInfo.GetCultureInfo(culture)), CultureInfo.GetCultureInfo(culture)));

    [Theory]
    [InlineData(0, "other")]
    [InlineData(1, "one")]
    [InlineData(2, "other")]
    public void English_counts_only_one_as_singular(long count, string category) =>
        Assert.Equal(category, Plurals.CategoryOf(count, CultureInfo.GetCultureInfo("en-GB")));

    [Fact]
    public void An_exact_number_has_its_own_text_and_other_arguments_stay_in_place()
    {
        var french = CultureInfo.GetCultureInfo("fr-FR");
        const string Answers = "{0, plural, =0 {aucune réponse} one {# réponse depuis le {1}} other {# réponses depuis le {1}}}";

        Assert.Equal("aucune réponse", Plurals.Select(Answers, 0, "one", french));
        Assert.Equal("3 réponses depuis le {1}", Plurals.Select(Answers, 3, "other", french));
        Assert.Equal("Avant 2 jours après", Plurals.Select("Avant {0, plural, one {# jour} other {# jours}} après", 2, "other", french));
    }

    [Theory]
    [InlineData("{0, plural, one {# a}")]
    [InlineData("{0, plural, one # a}}")]
    [InlineData("{0, plural, one {# a}}")]
    public void A_broken_message_is_a_format_error_not_a_wrong_text(string message) =>
        Assert.Throws<FormatException>(() => Plurals.Select(message, 5, "other", CultureInfo.InvariantCulture));
}
