using Microsoft.AspNetCore.Identity;

namespace Contrevue.Features.Accounts;

/// <summary>A person with an account: moderators, admins and collective members. Visitors have none.</summary>
[Contrevue.Infrastructure.Seam]
public sealed class ContrevueUser : IdentityUser
{
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// A secret for automation, sent as <c>Authorization: Bearer</c>. Only its SHA-256 is stored; the
/// token itself is shown once, when created. It acts with its account's roles.
/// </summary>
public sealed class ApiToken
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public ContrevueUser? User { get; set; }
    public required string Name { get; set; }
    /// <summary>The first characters of the token, to recognise it in a list without revealing it.</summary>
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedOn { get; set; }
    public DateTime? RevokedAt { get; set; }
}
