using Contrevue.Infrastructure.Hosting;

namespace Contrevue.Features.Mobilisation;

public sealed class MobilisationFeature : IFeature
{
    /// <summary>After Collectives (whose names it matches) and Moderation: its data-rights section comes after theirs.</summary>
    public int Order => 45;

    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddMobilisation();

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapMobilisationApi();
}
