using Contrevue.Features.Observatoire.Vendors;

namespace Contrevue.Tests.Features.Observatoire.Vendors;

public sealed class VendorGraphFileTests
{
    [Fact]
    public void Lines_are_read_with_their_numbers_quotes_comments_and_blank_lines()
    {
        var file = VendorGraphFile.Parse(
            "\uFEFF#TYPE_EDGE;NODE1;NODE2;LIEN;SOURCE\n" +
            "# un commentaire avec un \" guillemet seul\n" +
            "EDGE;ACME VISION;UGAP;est fourni par;https://example.org/acme\r\n" +
            "\n" +
            "   \n" +
            "EDGE ; \"Vision; Sécurité\" ; ville de Saint-Etienne ; a pour client ; \"https://example.org/x?a=1;b=2\"\n" +
            "NODE;ACME VISION;Entreprise\n" +
            "EDGE;ACME VISION;UGAP\n" +
            "EDGE;;UGAP;est fourni par\n" +
            "EDGE;ACME;UGAP;est fourni par;https://example.org/a;b\n" +
            "EDGE;ACME;UGAP;est fourni par");

        Assert.True(file.HasHeader);
        Assert.Equal(7, file.LinesRead);
        Assert.Equal(
            [
                new VendorGraphEdge(3, "ACME VISION", "UGAP", "est fourni par", "https://example.org/acme"),
                new VendorGraphEdge(6, "Vision; Sécurité", "ville de Saint-Etienne", "a pour client", "https://example.org/x?a=1;b=2"),
                new VendorGraphEdge(10, "ACME", "UGAP", "est fourni par", "https://example.org/a;b"),
                new VendorGraphEdge(11, "ACME", "UGAP", "est fourni par", null),
            ],
            file.Edges);
        Assert.Equal([7, 8, 9], file.Rejected.Select(r => r.Line));
        Assert.Contains("EDGE", file.Rejected[0].Reason);
        Assert.Contains("4", file.Rejected[1].Reason);
        Assert.Contains("vide", file.Rejected[2].Reason);
    }

    [Fact]
    public void A_file_without_header_is_read_all_the_same()
    {
        var file = VendorGraphFile.Parse("EDGE;ACME VISION;UGAP;est fourni par;https://example.org/acme\n");

        Assert.False(file.HasHeader);
        Assert.Single(file.Edges);
    }

    [Fact]
    public async Task A_missing_file_or_one_not_in_utf8_is_refused_in_french()
    {
        var missing = await Assert.ThrowsAsync<VendorGraphImportException>(() => VendorGraphFile.ReadAsync("/nulle/part.csv", default));
        Assert.Contains("n'existe pas", missing.Message);

        var latin1 = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(latin1, System.Text.Encoding.Latin1.GetBytes("EDGE;Sécurité;ville de Saint-Étienne;a pour client;x\n"));
            var error = await Assert.ThrowsAsync<VendorGraphImportException>(() => VendorGraphFile.ReadAsync(latin1, default));
            Assert.Contains("UTF-8", error.Message);
        }
        finally
        {
            File.Delete(latin1);
        }
    }

    [Theory]
    [InlineData("ville de Saint-Etienne", "saint etienne", null)]
    [InlineData("Commune de SAINT-ÉTIENNE", "saint etienne", null)]
    [InlineData("mairie de St-Étienne", "saint etienne", null)]
    [InlineData("ville d'Angers", "angers", null)]
    [InlineData("Ville d’Évry-Courcouronnes", "evry courcouronnes", null)]
    [InlineData("ville du Havre", "le havre", null)]
    [InlineData("ville de Saint-Denis (93)", "saint denis", "93")]
    [InlineData("ville de Saint-Denis 974", "saint denis", "974")]
    [InlineData("ville de Calvi (2B)", "calvi", "2B")]
    public void Commune_names_are_recognised_with_their_departement_hint(string node, string name, string? departement)
    {
        Assert.Equal((name, departement), CommuneNameIndex.CommuneNameOf(node));
    }

    [Theory]
    [InlineData("UGAP")]
    [InlineData("Villeneuve Sécurité")]
    [InlineData("ville de")]
    [InlineData("Saint-Etienne Métropole")]
    public void Other_nodes_are_organisations(string node)
    {
        Assert.Null(CommuneNameIndex.CommuneNameOf(node));
    }
}
