using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Mobilisation;

/// <summary>
/// « Je rejoins la mobilisation »: a person, by e-mail, in a territory, saying what they can do. Kept
/// unconfirmed until the e-mailed link's button is used (<see cref="ConfirmedAt"/>); erased after
/// <c>Mobilisation:RetentionDays</c>, or at once by the link in every e-mail. Never shown publicly.
/// </summary>
public sealed class SignUp
{
    public const int MaxCollectiveNameLength = 120;
    public const int MaxMessageLength = 2_000;

    public int Id { get; set; }
    public required string Email { get; set; }
    /// <summary>The territory as given (a commune mostly; any kind is accepted).</summary>
    public TerritoryKind TerritoryKind { get; set; }
    public required string TerritoryCode { get; set; }
    public required string TerritoryName { get; set; }

    // Where the territory lies, copied when signing up so that organisers' territories are matched in
    // one query (a commune sign-up is in its département, its région, its EPCI; an arrondissement in
    // its city). A sign-up lives a year at most: a redrawn map in between matters little.
    public string? CommuneCode { get; set; }
    public string? CityCode { get; set; }
    public string? EpciSiren { get; set; }
    public string? DepartementCode { get; set; }
    public string? RegionCode { get; set; }

    /// <summary>As typed: an existing collective's name or a group to come.</summary>
    public string? CollectiveName { get; set; }
    /// <summary>The listed collective whose name matched <see cref="CollectiveName"/>, if any (no key: the collectives' table is theirs).</summary>
    public int? MatchedCollectiveId { get; set; }
    /// <summary>Codes of <see cref="HelpCodes"/>, comma-separated.</summary>
    public string HelpWith { get; set; } = "";
    public string? Message { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ConfirmedAt { get; set; }
    /// <summary>When an organiser invited this person into a collective made from sign-ups.</summary>
    public DateTime? InvitedAt { get; set; }
    /// <summary>The hash of the secret of the e-mailed links (confirm, erase): the secret itself is only in the mailbox.</summary>
    public required string TokenHash { get; set; }

    public TerritoryReference Territory => new(TerritoryKind, TerritoryCode);

    public IReadOnlyList<string> HelpCodeList => HelpWith.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

internal sealed class SignUpConfiguration : IEntityTypeConfiguration<SignUp>
{
    public void Configure(EntityTypeBuilder<SignUp> entity)
    {
        entity.ToTable("mobilisation_sign_ups");
        entity.HasKey(s => s.Id);
        entity.Property(s => s.Email).HasMaxLength(254);
        entity.Property(s => s.TerritoryCode).HasMaxLength(9);
        entity.Property(s => s.TerritoryName).HasMaxLength(200);
        entity.Property(s => s.CommuneCode).HasMaxLength(5);
        entity.Property(s => s.CityCode).HasMaxLength(5);
        entity.Property(s => s.EpciSiren).HasMaxLength(9);
        entity.Property(s => s.DepartementCode).HasMaxLength(3);
        entity.Property(s => s.RegionCode).HasMaxLength(3);
        entity.Property(s => s.CollectiveName).HasMaxLength(SignUp.MaxCollectiveNameLength);
        entity.Property(s => s.HelpWith).HasMaxLength(200);
        entity.Property(s => s.Message).HasMaxLength(SignUp.MaxMessageLength);
        entity.Property(s => s.TokenHash).HasMaxLength(64);
        entity.HasIndex(s => s.TokenHash).IsUnique();
        entity.HasIndex(s => s.CreatedAt);
        entity.HasIndex(s => s.DepartementCode);
        entity.Ignore(s => s.Territory);
        entity.Ignore(s => s.HelpCodeList);
    }
}

/// <summary>What a person can do: the API's codes and the form's French labels.</summary>
public static class HelpCodes
{
    public static readonly IReadOnlyList<(string Code, string Label)> All =
    [
        ("postering", "Coller des affiches"),
        ("leafleting", "Tracter"),
        ("informing", "Informer autour de moi"),
        ("writing", "Écrire (lettres, articles, réseaux)"),
        ("legal", "Aider sur le droit (CADA, recours)"),
        ("hosting-meetings", "Accueillir des réunions"),
        ("other", "Autre chose (dites-le dans le message)"),
    ];

    public static bool IsKnown(string code) => All.Any(h => h.Code == code);

    public static string Label(string code) => All.FirstOrDefault(h => h.Code == code).Label ?? code;
}
