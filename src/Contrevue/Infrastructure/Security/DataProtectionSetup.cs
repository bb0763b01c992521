using Contrevue.Data;
using Microsoft.AspNetCore.DataProtection;

namespace Contrevue.Infrastructure.Security;

public static class DataProtectionSetup
{
    /// <summary>
    /// One key ring for every instance, kept in the database: sign-in cookies, antiforgery tokens and
    /// proof-of-work challenges issued by one instance are accepted by the others, and survive a
    /// redeploy. The keys are stored unencrypted: whoever reads the database (or a backup of it) can
    /// forge them, which the README's deployment section says.
    /// </summary>
    public static IServiceCollection AddContrevueDataProtection(this IServiceCollection services)
    {
        // The application name isolates the ring from another app sharing the database, and keeps it
        // valid when the content root changes with a new deployment folder.
        services.AddDataProtection()
            .SetApplicationName("Contrevue")
            .PersistKeysToDbContext<ContrevueDbContext>();
        return services;
    }
}
