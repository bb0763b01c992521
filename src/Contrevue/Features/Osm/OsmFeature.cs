using Contrevue.Infrastructure.Hosting;

namespace Contrevue.Features.Osm;

/// <summary>OpenStreetMap's surveillance cameras: import, placement in communes, counts, export under the ODbL.</summary>
public sealed class OsmFeature : IFeature
{
    /// <summary>After Territories, whose communes place the cameras.</summary>
    public int Order => 42;

    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddOsm();

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapOsm();
}
