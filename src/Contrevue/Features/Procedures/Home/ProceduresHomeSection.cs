using Contrevue.Features.Home;

namespace Contrevue.Features.Procedures.Home;

/// <summary>The home page's way to the law: the letter templates, the deadline calculator, and the person fined.</summary>
internal sealed class ProceduresHomeSection : IHomeSection
{
    public int Order => 30;

    public Task<HomeSectionView?> LoadAsync(CancellationToken cancellationToken) =>
        Task.FromResult<HomeSectionView?>(new HomeSectionView("/Features/Procedures/Home/_ProceduresHome.cshtml", new object()));
}
