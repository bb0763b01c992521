using System.Text;
using Contrevue.Infrastructure.Abuse;
using Contrevue.Tests.Infrastructure.Abuse;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Infrastructure.Security;

/// <summary>
/// Instances behind one proxy share the key ring through the database: what one protects (sign-in
/// cookies, antiforgery tokens, proof-of-work challenges), another reads.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class DataProtectionTests(TestApps apps)
{
    private static readonly Dictionary<string, string> EasyProofOfWork = new() { ["Abuse:ProofOfWorkBits"] = "8" };

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_value_protected_by_one_instance_is_read_by_another_with_the_key_in_the_database(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        await using var first = new AppFactory(shared.Database, ownsDatabase: false);
        await using var second = new AppFactory(shared.Database, ownsDatabase: false);
        const string purpose = "Contrevue.Tests.DataProtection";

        var protectedBytes = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose)
            .Protect(Encoding.UTF8.GetBytes("valeur partagée"));
        var unprotected = second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Unprotect(protectedBytes);

        Assert.Equal("valeur partagée", Encoding.UTF8.GetString(unprotected));
        // The payload names its key (after a 4-byte magic header): that key is a row of the database,
        // not a file of this machine, so instances on other machines and redeploys find it too.
        var keyId = new Guid(protectedBytes.AsSpan(4, 16));
        using var scope = second.Services.CreateScope();
        var keys = await scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().DataProtectionKeys.AsNoTracking().ToListAsync();
        Assert.Contains(keys, k => k.Xml is not null && k.Xml.Contains($"id=\"{keyId}\"", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_proof_of_work_challenge_issued_by_one_instance_verifies_on_another(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        await using var first = new AppFactory(shared.Database, EasyProofOfWork, ownsDatabase: false);
        await using var second = new AppFactory(shared.Database, EasyProofOfWork, ownsDatabase: false);

        var challenge = first.Services.GetRequiredService<ProofOfWork>().Issue();

        Assert.Equal(ProofOfWorkResult.Valid, await second.Services.GetRequiredService<ProofOfWork>().VerifyAsync(challenge, ProofOfWorkTests.Solve(challenge)));
    }
}
