using Contrevue.Infrastructure.Hosting;

namespace Contrevue.Features.Accounts;

public sealed class AccountsFeature : IFeature
{
    public int Order => 20;

    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddAccounts();

    public void UseMiddleware(WebApplication app) => app.UseAccounts();

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapAccounts();
}
