namespace Contrevue.Infrastructure.Security;

/// <summary>The roles an account may hold; every feature authorises by them.</summary>
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
