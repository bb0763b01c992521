using Contrevue.Features.Territories.Import;
using Contrevue.Infrastructure.Hosting;

namespace Contrevue.Features.Territories;

public sealed class TerritoriesFeature : IFeature
{
    public int Order => 10;

    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddTerritories();

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapTerritories();

    /// <summary>The bundled territory data, on the first start (and after an upgrade that bundles newer data).</summary>
    public async Task PrepareAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        await services.GetRequiredService<TerritoryImporter>().ImportBundledIfNeededAsync(cancellationToken);
}
