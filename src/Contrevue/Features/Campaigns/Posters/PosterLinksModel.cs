namespace Contrevue.Features.Campaigns.Posters;

/// <summary>The download links of a campaign's posters for a commune, or for "ma ville" when <see cref="Place"/> is null.</summary>
public sealed record PosterLinksModel(string Slug, PosterPlace? Place)
{
    /// <summary>The commune's posters of the campaign every commune page shows, "Pas de VSA dans ma ville".</summary>
    public static PosterLinksModel PasDeVsa(string communeCode, string communeName) =>
        new(CampaignSeed.PasDeVsaSlug, new PosterPlace(communeCode, communeName));

    /// <summary>"Pas de VSA à Saint-Étienne", as the poster says it.</summary>
    public string Title
    {
        get
        {
            if (Place is null)
            {
                return "Pas de VSA dans ma ville";
            }
            var (connector, name) = PosterService.WithConnector(Place.Name);
            return $"Pas de VSA {connector} {name}";
        }
    }
}
