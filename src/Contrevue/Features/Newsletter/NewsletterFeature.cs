using Contrevue.Infrastructure.Hosting;

namespace Contrevue.Features.Newsletter;

public sealed class NewsletterFeature : IFeature
{
    /// <summary>After Veille, whose weekly digest starts a mailing's draft, and Collectives, whose lists it keeps.</summary>
    public int Order => 68;

    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddNewsletter();

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapNewsletter();
}
