using Contrevue.Infrastructure.Hosting;

namespace Contrevue.Features.OpenData;

/// <summary>Open data: the <c>/donnees</c> page, and the nightly dumps of every feature's datasets (<see cref="IOpenDataset"/>).</summary>
public sealed class OpenDataFeature : IFeature
{
    /// <summary>After the features that give datasets.</summary>
    public int Order => 88;

    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddOpenData(builder.Configuration);

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapOpenDataFiles();
}
