using Contrevue.Infrastructure.Hosting;

namespace Contrevue.Features.Events;

public sealed class EventsFeature : IFeature
{
    /// <summary>After Collectives, whose collectives organise events.</summary>
    public int Order => 62;

    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddEvents();

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapEvents();
}
