using Contrevue.Infrastructure.Hosting;

namespace Contrevue.Features.Territories.Mentions;

/// <summary>The territories a text mentions: the <see cref="TerritoryMentions"/> seam and its API.</summary>
public sealed class TerritoryMentionsFeature : IFeature
{
    public int Order => 11;

    public void AddServices(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TerritoryMentions>();
        var configuration = builder.Configuration;
        builder.Services.AddRateLimiter(options => TerritoryMentionsRateLimit.Configure(options, configuration));
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapTerritoryMentionsApi();
}
