using Contrevue.Data;
using Contrevue.Infrastructure.Hosting;

namespace Contrevue.Features.Campaigns;

public sealed class CampaignsFeature : IFeature
{
    public int Order => 50;

    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddCampaigns();

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapCampaigns();

    /// <summary>The « Pas de VSA dans ma ville » campaign exists from the first start.</summary>
    public async Task PrepareAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        await CampaignSeed.SeedAsync(services.GetRequiredService<ContrevueDbContext>(), TimeProvider.System, cancellationToken);
}
