using Contrevue.Infrastructure.Hosting;

namespace Contrevue.Features.Carte;

/// <summary>The public map: <c>/carte</c>, its vector tiles, its optional PMTiles basemap.</summary>
public sealed class CarteFeature : IFeature
{
    /// <summary>After every feature that contributes a layer.</summary>
    public int Order => 85;

    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddCarte();

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapCarte();
}
