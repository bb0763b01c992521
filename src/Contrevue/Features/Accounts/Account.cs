using Microsoft.AspNetCore.Identity;

namespace Contrevue.Features.Accounts;

/// <summary>A person with an account: moderators, admins and collective members. Visitors have none.</summary>
public sealed class ContrevueUser : IdentityUser
{
    public DateTime CreatedAt { get; set; }
}

public static class Roles
{
    public const string Admin = "admin";
    public const string Moderator = "moderator";
    public const string Member = "member";

    public static readonly IReadOnlyList<string> All = [Admin, Moderator, Member];

    /// <summary>The French name of a role (the key of its English translation).</summary>
    public static string Label(string role) => role switch
    {
        Admin => "Administration",
        Moderator => "Modération",
        _ => "Membre",
    };

    /// <summary>Roles whose interactive sessions require TOTP two-factor authentication.</summary>
    public static readonly IReadOnlyList<string> RequiringTwoFactor = [Admin, Moderator];
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
