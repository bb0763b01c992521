using Contrevue.Infrastructure.Text;

namespace Contrevue.Tests.Infrastructure.Text;

public sealed class FrenchPlaceNamesTests
{
    [Theory]
    [InlineData("Saint-Étienne", "de Saint-Étienne")]
    [InlineData("Angers", "d'Angers")]
    [InlineData("Évry-Courcouronnes", "d'Évry-Courcouronnes")]
    [InlineData("Yerres", "d'Yerres")]
    [InlineData("Le Havre", "du Havre")]
    [InlineData("Les Mureaux", "des Mureaux")]
    [InlineData("La Rochelle", "de La Rochelle")]
    [InlineData("L'Haÿ-les-Roses", "de L'Haÿ-les-Roses")]
    [InlineData("Haguenau", "de Haguenau")]
    public void Of_elides_and_contracts_as_French_does(string name, string expected) =>
        Assert.Equal(expected, FrenchPlaceNames.Of(name));

    [Theory]
    [InlineData("Saint-Étienne", "à", "Saint-Étienne")]
    [InlineData("Le Havre", "au", "Havre")]
    [InlineData("Les Mureaux", "aux", "Mureaux")]
    [InlineData("La Rochelle", "à", "La Rochelle")]
    public void At_contracts_le_and_les(string name, string preposition, string rest) =>
        Assert.Equal((preposition, rest), FrenchPlaceNames.At(name));
}
