using Contrevue.Infrastructure.Hosting;

namespace Contrevue.Features.Collectives;

public sealed class CollectivesFeature : IFeature
{
    /// <summary>Right after Accounts, which used to register collectives: the sections of a data export keep their order.</summary>
    public int Order => 21;

    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddCollectives();

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapCollectives();
}
