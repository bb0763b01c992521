using Contrevue.Infrastructure.Hosting;

namespace Contrevue.Features.Contacts;

public sealed class ContactsFeature : IFeature
{
    /// <summary>Right after Moderation, where contacts used to be registered: the order of contributions stays as it was.</summary>
    public int Order => 31;

    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddContacts();

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapContacts();
}
