namespace Contrevue.Features.Carte;

public static class CarteSetup
{
    public static IServiceCollection AddCarte(this IServiceCollection services)
    {
        return services;
    }

    public static IEndpointRouteBuilder MapCarte(this IEndpointRouteBuilder endpoints)
    {
        return endpoints;
    }
}
