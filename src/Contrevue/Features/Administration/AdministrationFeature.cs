using Contrevue.Infrastructure.Hosting;

namespace Contrevue.Features.Administration;

public sealed class AdministrationFeature : IFeature
{
    public int Order => 80;

    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddAdministration();
}
