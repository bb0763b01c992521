using Contrevue.Features.Observatoire.Search;

namespace Contrevue.Tests.Features.Observatoire;

public sealed class FrenchStemmerTests
{
    [Theory]
    [InlineData("caméras", "caméra")]
    [InlineData("Déploiement", "déployé")]
    [InlineData("déployées", "déployer")]
    [InlineData("vidéoverbalisations", "vidéoverbaliser")]
    [InlineData("surveillance", "surveillé")]
    [InlineData("municipaux", "municipale")]
    [InlineData("algorithmique", "algorithme")]
    [InlineData("SÉCURITÉ", "sécuritaire")]
    public void Forms_of_a_word_share_a_stem(string one, string other) =>
        Assert.Equal(FrenchStemmer.Terms(one).Single(), FrenchStemmer.Terms(other).Single());

    [Fact]
    public void Function_words_are_left_out_and_words_with_digits_kept_whole() =>
        Assert.Equal(["install", "camera", "2023", "112", "abc123s"], FrenchStemmer.Terms("L'installation des caméras (2023-112) à abc123s"));

    [Fact]
    public void Queries_become_quoted_prefixes_without_operators()
    {
        Assert.Equal("\"camera\"* \"near\"* \"or\"*", SqliteDossierSearch.MatchExpression("caméras NEAR OR \"*(:^"));
        Assert.Null(SqliteDossierSearch.MatchExpression("« » -- la"));
    }

    [Theory]
    [InlineData("caméras saint", "caméras", "saint")]
    [InlineData("caméras", "", "caméras")]
    [InlineData("\"saint étienne\"", "\"saint étienne\"", null)]
    [InlineData("vsa -drones", "vsa -drones", null)]
    [InlineData("Saint-Étienne", "Saint-Étienne", null)]
    public void PostgreSQL_queries_take_the_last_plain_word_as_a_prefix(string query, string head, string? prefix) =>
        Assert.Equal((head, prefix), PostgresDossierSearch.Split(query));
}
