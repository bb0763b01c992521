using Contrevue.Features.Moderation;

namespace Contrevue.Features.Contacts;

/// <summary>Territory contacts: their facts, the public's proposals (published through the moderation queue), their history.</summary>
public static class ContactsSetup
{
    public static IServiceCollection AddContacts(this IServiceCollection services)
    {
        services.AddScoped<ContactService>();
        services.AddScoped<Territories.Panels.ITerritoryPanel, ContactCardPanel>();
        services.AddScoped<Territories.ITerritoryDataVersionSource, ContactDataVersionSource>();
        services.AddScoped<Territories.Api.ICommuneContactSource, CommuneContactSource>();
        services.AddScoped<ContactProposals>();
        services.AddScoped<ContactHistory>();
        services.AddScoped<Import.ContactImporter>();
        services.AddScoped<IProposalPublisher, ContactProposalPublisher>();
        return services;
    }

    public static IEndpointRouteBuilder MapContacts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapContactsApi();
        return endpoints;
    }
}
