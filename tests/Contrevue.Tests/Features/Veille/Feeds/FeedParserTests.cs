using System.Text;
using Contrevue.Features.Veille.Feeds;

namespace Contrevue.Tests.Features.Veille.Feeds;

/// <summary>The real-world shapes of feeds, read from the fixtures of this folder: every item, its date, its link, its text.</summary>
public sealed class FeedParserTests
{
    private const string Word = "ab";

    private static ParsedFeed Parse(string fixture, string address, string? charset = null) =>
        FeedParser.Parse(FeedFixtures.Bytes(fixture, Word), charset, new Uri(address));

    [Fact]
    public void Rss_2_with_french_dates_html_titles_and_a_duplicate_guid()
    {
        var feed = Parse("rss2-french-dates.xml", "https://www.midilibre.fr/rss.xml");

        Assert.Null(feed.Error);
        Assert.Equal("Midi Libre — Hérault ab", feed.Title);
        // Five items, two with the same guid: the first kept.
        Assert.Equal(new[] { "midilibre-1001-ab", "midilibre-1002-ab", "midilibre-1003-ab", "midilibre-1004-ab" }, feed.Items.Select(i => i.SourceId));
        var sete = feed.Items[0];
        Assert.Equal("Vidéosurveillance algorithmique : Sète s'équipe encore & toujours ab", sete.Title);
        Assert.Equal("Le conseil municipal de Sète a voté l'extension des caméras.", sete.Summary);
        Assert.Equal("Camille Martin", sete.Author);
        Assert.Equal("https://www.midilibre.fr/ab/2026/12/02/sete-vsa?utm_source=rss&utm_medium=feed", sete.Url);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero), sete.PublishedAt);
        // « 2 déc 2026 »: midnight in Paris.
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.FromHours(1)), feed.Items[1].PublishedAt);
        // « demain matin, peut-être »: no date, the item kept.
        Assert.Null(feed.Items[2].PublishedAt);
        Assert.Equal("Caméras : la CNIL saisie à Montpellier ab", feed.Items[2].Title);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 17, 30, 0, TimeSpan.Zero), feed.Items[3].PublishedAt);
    }

    [Fact]
    public void Atom_links_are_resolved_against_xml_base_and_html_titles_made_plain()
    {
        var feed = Parse("atom-relative-links.xml", "https://www.laquadrature.example/feeds/atom.xml");

        Assert.Null(feed.Error);
        Assert.Equal("La Quadrature & la Technopolice ab", feed.Title);
        Assert.Equal(3, feed.Items.Count);
        var nice = feed.Items[0];
        Assert.Equal("Drones & VSA à Nice ab", nice.Title);
        Assert.Equal("https://www.laquadrature.example/ab/actu/ab/2026/12/drones-nice", nice.Url);
        Assert.Equal("La ville de Nice veut des drones.", nice.Summary);
        Assert.Equal("Équipe Technopolice", nice.Author);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero), nice.PublishedAt);
        // The entry's own xml:base, absolute-path, over the feed's.
        Assert.Equal("https://www.laquadrature.example/dossiers/ab/marseille-vsa.html", feed.Items[1].Url);
        Assert.Equal("Audience mardi.", feed.Items[1].Summary);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 14, 30, 0, TimeSpan.Zero), feed.Items[1].PublishedAt);
        // The alternate link, not the enclosure; an unreadable date is null.
        Assert.Equal("https://autre.example/ab/absolu?at_medium=rss&id=7", feed.Items[2].Url);
        Assert.Null(feed.Items[2].PublishedAt);
    }

    [Fact]
    public void Latin_1_bytes_declared_as_utf_8_and_the_reverse_are_read_as_written()
    {
        var latin = Parse("latin1-declared-utf8.xml", "https://www.herault-tribune.example/rss", charset: "utf-8");
        Assert.Null(latin.Error);
        Assert.Equal("Hérault Tribune ab", latin.Title);
        Assert.Equal("Caméras à Béziers : l'été de la vidéosurveillance ab", Assert.Single(latin.Items).Title);
        Assert.Equal("Les élus débattent du coût des caméras « intelligentes ».", latin.Items[0].Summary);

        var utf8 = Parse("utf8-declared-latin1.xml", "https://www.leprogres.example/rss", charset: "iso-8859-1");
        Assert.Null(utf8.Error);
        Assert.Equal("Vidéoverbalisation contestée à Génilac ab", Assert.Single(utf8.Items).Title);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 15, 45, 0, TimeSpan.Zero), utf8.Items[0].PublishedAt);
    }

    [Fact]
    public void Rss_1_rdf_is_read()
    {
        var feed = Parse("rss1-rdf.xml", "https://journal.example/index.rdf");

        Assert.Null(feed.Error);
        var item = Assert.Single(feed.Items);
        Assert.Equal("Toulouse : des caméras augmentées au Capitole ab", item.Title);
        Assert.Equal("https://journal.example/ab/vsa-toulouse", item.Url);
        Assert.Equal("Sam", item.Author);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), item.PublishedAt);
    }

    [Fact]
    public void Json_feed_items_are_read_with_relative_urls_resolved_and_ids_once()
    {
        var feed = Parse("jsonfeed.json", "https://observatoire.example/feed.json");

        Assert.Null(feed.Error);
        Assert.Equal("Observatoire local ab", feed.Title);
        Assert.Equal(2, feed.Items.Count);
        var lyon = feed.Items[0];
        Assert.Equal("https://observatoire.example/articles/ab/vsa-lyon", lyon.Url);
        Assert.Equal("Les élus écologistes s'opposent à la vidéosurveillance algorithmique.", lyon.Summary);
        Assert.Equal("Alex Dupont", lyon.Author);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 17, 0, 0, TimeSpan.Zero), lyon.PublishedAt);
        Assert.Equal("2-ab", feed.Items[1].SourceId);
        Assert.Null(feed.Items[1].PublishedAt);
    }

    [Fact]
    public void Broken_feeds_give_a_french_error_never_an_exception()
    {
        Assert.StartsWith("Flux illisible : XML mal formé", Parse("malformed.xml", "https://exemple.fr/rss").Error);
        var xxe = Parse("xxe.xml", "https://exemple.fr/rss");
        Assert.Contains("DTD", xxe.Error);
        Assert.Empty(xxe.Items);
        Assert.Equal("Ce document n'est pas un flux RSS, Atom ou JSON Feed.",
            FeedParser.Parse(Encoding.UTF8.GetBytes("<html><body>Bonjour</body></html>"), null, new Uri("https://exemple.fr/")).Error);
        Assert.NotNull(FeedParser.Parse(Encoding.UTF8.GetBytes("{ \"items\": [ "), null, new Uri("https://exemple.fr/")).Error);
        Assert.NotNull(FeedParser.Parse([], null, new Uri("https://exemple.fr/")).Error);
        Assert.NotNull(FeedParser.Parse([0xFF, 0xFE, 0x00], null, new Uri("https://exemple.fr/")).Error);
    }

    [Theory]
    [InlineData("mer., 02 déc. 2026 10:00:00 +0100", "2026-12-02T09:00:00Z")]
    [InlineData("Wed, 02 Dec 2026 10:00:00 GMT", "2026-12-02T10:00:00Z")]
    [InlineData("Wed, 2 Dec 26 10:00 EST", "2026-12-02T15:00:00Z")]
    [InlineData("2 déc 2026", "2026-12-01T23:00:00Z")]
    [InlineData("lundi 1er juin 2026 18h30", "2026-06-01T16:30:00Z")]
    [InlineData("jeu., 13 août 2026 08:00:00 +0200", "2026-08-13T06:00:00Z")]
    [InlineData("2026-11-30T08:00:00+01:00", "2026-11-30T07:00:00Z")]
    [InlineData("2026-11-30", "2026-11-30T00:00:00Z")]
    public void Dates_in_french_and_english_are_read(string written, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), FeedDates.Parse(written));

    [Theory]
    [InlineData("")]
    [InlineData("demain")]
    [InlineData("32 déc. 2026")]
    [InlineData("30 février 2026")]
    [InlineData("mer., 02 brumaire 2026")]
    [InlineData("2026-13-45")]
    [InlineData("02/12/2026")]
    [InlineData("Wed, 02 Dec 2026 25:00:00 GMT")]
    public void Unreadable_dates_are_null(string written) => Assert.Null(FeedDates.Parse(written));

    [Theory]
    [InlineData("Des caméras à Nice", true)]
    [InlineData("La VSA arrive.", true)]
    [InlineData("RECONNAISSANCE-FACIALE : le débat", true)]
    [InlineData("Videosurveillance a Lyon", true)]
    [InlineData("Un cameraman primé", false)]
    [InlineData("La fête des lumières", false)]
    public void The_keyword_filter_matches_words_without_case_or_accents(string title, bool kept) =>
        Assert.Equal(kept, FeedKeywords.Match(FeedKeywords.Normalized(["caméra", "VSA", "reconnaissance faciale", "vidéosurveillance"]), title, null));

    [Fact]
    public void Without_keywords_everything_is_kept() =>
        Assert.True(FeedKeywords.Match(FeedKeywords.Normalized([]), "La fête des lumières", null));
}
