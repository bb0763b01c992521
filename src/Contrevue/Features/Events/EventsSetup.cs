using Contrevue.Features.Events.Calendar;

namespace Contrevue.Features.Events;

public static class EventsSetup
{
    public static IServiceCollection AddEvents(this IServiceCollection services)
    {
        services.AddScoped<EventService>();
        services.AddScoped<EventDocuments>();
        services.AddScoped<Rsvps.RsvpService>();
        services.AddScoped<Infrastructure.PersonalData.IPersonalDataHolder, Rsvps.RsvpAddressHolder>();
        services.AddScoped<Invitations.InvitableEvents>();
        services.AddScoped<IEventChangeObserver, Rsvps.RsvpNotices>();
        services.AddSingleton<Rsvps.RsvpReminder>();
        services.AddHostedService(provider => provider.GetRequiredService<Rsvps.RsvpReminder>());
        services.AddSingleton<Rsvps.RsvpEraser>();
        services.AddHostedService(provider => provider.GetRequiredService<Rsvps.RsvpEraser>());
        services.AddScoped<Territories.Panels.ITerritoryPanel, Territory.UpcomingEventsPanel>();
        services.AddScoped<Territories.ITerritoryDataVersionSource, Territory.EventDataVersionSource>();
        services.AddScoped<Collectives.Profile.ICollectiveProfileSection, Profile.CollectiveEventsSection>();
        services.AddScoped<Features.Home.IHomeSection, Events.Home.UpcomingEventsHomeSection>();
        services.AddScoped<Observatoire.Sections.IDossierPageSection, Dossiers.DossierSessionsSection>();
        services.AddScoped<Proposals.EventProposals>();
        services.AddScoped<Moderation.IProposalPublisher, Proposals.EventProposalPublisher>();
        services.AddScoped<Contrevue.Features.OpenData.IOpenDataset, OpenData.EventsDataset>();
        services.AddScoped<Carte.IMapLayer, Map.EventMapLayer>();
        services.Configure<Microsoft.AspNetCore.OutputCaching.OutputCacheOptions>(EventsCache.AddPolicies);
        return services;
    }

    public static IEndpointRouteBuilder MapEvents(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapEventApi();
        Rsvps.RsvpApi.MapRsvpApi(endpoints);
        endpoints.MapEventCalendars();
        return endpoints;
    }
}
