using Contrevue.Infrastructure.Hosting;

namespace Contrevue.Features.DataRights;

public sealed class DataRightsFeature : IFeature
{
    public int Order => 70;

    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddDataRights();
}
