using Contrevue.Infrastructure.Hosting;

namespace Contrevue.Features.Veille;

public sealed class VeilleFeature : IFeature
{
    /// <summary>After the Observatoire and Events, whose dossiers articles link to and whose digest sections it gathers.</summary>
    public int Order => 66;

    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddVeille();

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapVeille();
}
