namespace Contrevue.Features.Observatoire.Vendors;

public static class VendorsSetup
{
    public static IServiceCollection AddVendors(this IServiceCollection services)
    {
        services.AddScoped<VendorGraphImporter>();
        services.AddScoped<VendorQueries>();
        services.AddScoped<VendorReview>();
        return services;
    }

    public static IEndpointRouteBuilder MapVendors(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapVendorApi();
        return endpoints;
    }
}
