using Contrevue.Features.Observatoire.Search;
using Contrevue.Infrastructure.Hosting;

namespace Contrevue.Features.Observatoire;

public sealed class ObservatoireFeature : IFeature
{
    public int Order => 40;

    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddObservatoire(builder.Configuration);

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapObservatoire();

    /// <summary>An empty search index (a new database, a provider switch) is filled from the dossiers.</summary>
    public async Task PrepareAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        await services.GetRequiredService<DossierSearchIndexer>().RebuildIfEmptyAsync(cancellationToken);
}
