using Contrevue.Features.Home;

namespace Contrevue.Features.Mobilisation.Pages;

/// <summary>The home page's way in: « Rejoindre la mobilisation ».</summary>
internal sealed class MobilisationHomeSection : IHomeSection
{
    public int Order => 35;

    public Task<HomeSectionView?> LoadAsync(CancellationToken cancellationToken) =>
        Task.FromResult<HomeSectionView?>(new HomeSectionView("/Features/Mobilisation/Pages/_MobilisationHome.cshtml", new object()));
}
