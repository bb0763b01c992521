using Contrevue.Infrastructure.Hosting;

namespace Contrevue.Features.Kit;

public sealed class KitFeature : IFeature
{
    /// <summary>After Collectives, whose collectives author resources.</summary>
    public int Order => 64;

    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddKit(builder.Configuration);

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapKit();
}
