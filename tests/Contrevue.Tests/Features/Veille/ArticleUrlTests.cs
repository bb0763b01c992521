using Contrevue.Features.Veille;

namespace Contrevue.Tests.Features.Veille;

/// <summary>The same article shared from a newsletter, a social network or a feed has one canonical address.</summary>
public sealed class ArticleUrlTests
{
    [Theory]
    // Le Monde's RSS and newsletter links: AT Internet's xtor and Google's utm_*, plus a fragment.
    [InlineData("https://www.lemonde.fr/societe/article/2023/03/23/jo-2024-la-videosurveillance-algorithmique_6166568_3224.html?xtor=RSS-3208&utm_source=twitter&utm_medium=Social&utm_campaign=Echobox#Echobox=1679580000",
        "https://www.lemonde.fr/societe/article/2023/03/23/jo-2024-la-videosurveillance-algorithmique_6166568_3224.html")]
    // A Facebook share: fbclid, upper-case host.
    [InlineData("https://WWW.LeProgres.FR/faits-divers-justice/2024/01/10/saint-etienne-les-cameras?fbclid=IwAR2Xn3Ab5zYc8Q",
        "https://www.leprogres.fr/faits-divers-justice/2024/01/10/saint-etienne-les-cameras")]
    // A Google Ads click on France 3, default port written out.
    [InlineData("http://france3-regions.francetvinfo.fr:80/auvergne-rhone-alpes/loire/saint-etienne/videosurveillance-2871234.html?gclid=Cj0KCQiA&gclsrc=aw.ds",
        "http://france3-regions.francetvinfo.fr/auvergne-rhone-alpes/loire/saint-etienne/videosurveillance-2871234.html")]
    // A Mailchimp newsletter: mc_cid and mc_eid go, the page number the site needs stays, in its place.
    [InlineData("https://www.laquadrature.net/2024/05/15/vsa-le-bilan/?mc_cid=4d2a9f&page=2&mc_eid=8e7b1c",
        "https://www.laquadrature.net/2024/05/15/vsa-le-bilan/?page=2")]
    // Instagram and HubSpot trackers, https default port.
    [InlineData("https://www.mediapart.fr:443/journal/france/300124/surveillance?igshid=MzRlODBiNWFlZA==&_hsenc=p2ANqtz-8&_hsmi=2927&id=12",
        "https://www.mediapart.fr/journal/france/300124/surveillance?id=12")]
    // Piano's at_* and Matomo's pk_* / mtm_*, with upper-case names.
    [InlineData("https://www.liberation.fr/societe/police-justice/vsa-20240301/?at_medium=Social_media&at_campaign=twitter&PK_CAMPAIGN=x&mtm_source=y",
        "https://www.liberation.fr/societe/police-justice/vsa-20240301/")]
    // A port that is not the default stays; an empty query goes.
    [InlineData("http://Example.ORG:8080/article?", "http://example.org:8080/article")]
    // A bare host gets its root path; a user name never stays.
    [InlineData("https://lecteur:secret@www.ouest-france.fr", "https://www.ouest-france.fr/")]
    public void Tracking_parameters_case_default_ports_and_fragments_go(string given, string canonical)
    {
        Assert.True(ArticleUrl.TryCanonicalize(given, out var result, out var error), error);
        Assert.Equal(canonical, result);
        // Canonical twice is canonical.
        Assert.Equal(canonical, ArticleUrl.Canonicalize(result));
    }

    [Fact]
    public void Two_shares_of_one_article_have_the_same_canonical_address()
    {
        var fromFacebook = ArticleUrl.Canonicalize("https://www.lemonde.fr/pixels/article/2024/06/01/vsa_1.html?fbclid=abc");
        var fromNewsletter = ArticleUrl.Canonicalize("https://WWW.LEMONDE.FR/pixels/article/2024/06/01/vsa_1.html?utm_source=lettre&utm_medium=email#haut");
        Assert.NotNull(fromFacebook);
        Assert.Equal(fromFacebook, fromNewsletter);
    }

    [Theory]
    [InlineData("javascript:alert(document.cookie)")]
    [InlineData("JavaScript://www.example.org/%0Aalert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("ftp://ftp.example.org/article.txt")]
    [InlineData("/veille/12-article")]
    [InlineData("www.lemonde.fr/article")]
    [InlineData("https://intranet/article")]
    [InlineData("")]
    [InlineData("   ")]
    public void Addresses_that_are_not_public_web_pages_are_refused_in_french(string given)
    {
        Assert.False(ArticleUrl.TryCanonicalize(given, out _, out var error));
        Assert.StartsWith("L'adresse de l'article", error);
    }

    [Fact]
    public void A_huge_address_is_refused()
    {
        Assert.False(ArticleUrl.TryCanonicalize("https://www.example.org/" + new string('a', ArticleUrl.MaxLength), out _, out var error));
        Assert.Contains("2000 caractères", error);
    }
}
