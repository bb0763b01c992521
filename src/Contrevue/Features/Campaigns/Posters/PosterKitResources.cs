using Contrevue.Features.Kit;

namespace Contrevue.Features.Campaigns.Posters;

/// <summary>The per-commune posters of "Pas de VSA dans ma ville", listed in the campaign kit: made on demand for the commune chosen on the campaign's page.</summary>
public sealed class PosterKitResources : IGeneratedKitResources
{
    public Task<IReadOnlyList<GeneratedKitResource>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<GeneratedKitResource>>(
        [
            new GeneratedKitResource("poster", "Affiche « Pas de VSA à … » pour votre commune",
                "Une affiche à imprimer (A4, A3) et une image carrée pour les réseaux sociaux, au nom de votre commune : choisissez votre commune.",
                $"/campagnes/{CampaignSeed.PasDeVsaSlug}#affiches", ["A4", "A3"]),
        ]);
}
