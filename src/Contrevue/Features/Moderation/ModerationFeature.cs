using Contrevue.Infrastructure.Hosting;

namespace Contrevue.Features.Moderation;

public sealed class ModerationFeature : IFeature
{
    public int Order => 30;

    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddModeration();

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapModerationApi();
}
