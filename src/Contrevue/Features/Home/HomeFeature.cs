using Contrevue.Infrastructure.Hosting;

namespace Contrevue.Features.Home;

public sealed class HomeFeature : IFeature
{
    public int Order => 90;

    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddScoped<HomeSections>();
}
