using Contrevue.Infrastructure.Security;
using System.Security.Claims;
using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Tests.Features.Accounts;

public sealed class PasskeySchemaTests
{
    [Fact]
    public void A_context_built_without_the_apps_services_has_the_passkeys_table_as_dotnet_ef_must_see_it()
    {
        var options = new DbContextOptionsBuilder<ContrevueDbContext>();
        DatabaseSetup.Configure(options, DatabaseProvider.Sqlite, "Data Source=:memory:");
        using var db = new ContrevueDbContext(options.Options);

        var passkeys = db.Model.FindEntityType(typeof(IdentityUserPasskey<string>));
        Assert.NotNull(passkeys);
        Assert.Equal("user_passkeys", passkeys.GetTableName());
    }

    [Theory]
    [InlineData(new[] { "mfa", "passkey" }, true)]
    [InlineData(new[] { "passkey" }, true)]
    [InlineData(new[] { "pwd" }, false)]
    public void A_moderator_signed_in_with_a_passkey_needs_no_TOTP_on_top(string[] methods, bool satisfied)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Moderator), .. methods.Select(m => new Claim("amr", m))], "test");
        Assert.Equal(satisfied, TwoFactorRequirement.IsSatisfied(new ClaimsPrincipal(identity)));
    }
}
