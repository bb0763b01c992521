using Microsoft.Extensions.Options;

namespace Contrevue.Features.Observatoire;

/// <summary>Settings of the observatoire (section <c>Observatoire</c>).</summary>
public sealed class ObservatoireOptions
{
    /// <summary>
    /// Last day of the VSA experimentation of the 2023 Olympic Games law (art. 10 of loi 2023-380: 31 March
    /// 2025; its extension to 2027 was struck down by the Conseil constitutionnel, décision 2025-878 DC).
    /// A setting, because Parliament keeps trying to extend it.
    /// </summary>
    public DateOnly JoExperimentationEndsOn { get; set; } = new(2025, 3, 31);

    /// <summary>Reports after which a dossier or source is hidden until a moderator decides.</summary>
    public int ReportsToHide { get; set; } = 3;
}

/// <summary>
/// The problems the data shows by itself. Computed, never stored: they change with the date. The same
/// rules exist as SQL filters in <see cref="DossierFlagFilters"/>; a test keeps the two in step.
/// Abandoned and annulled projects carry no flag: nothing runs any more.
/// </summary>
public static class DossierFlags
{
    public static readonly int AuthorizationYears = 5;

    public static DateOnly ExpiryOf(DateOnly issuedOn) => issuedOn.AddYears(AuthorizationYears);

    public static bool IsOver(DossierStatus status) => status is DossierStatus.Abandoned or DossierStatus.Annulled;

    /// <summary>VSA that runs (or is about to): the statuses where the experimentation framework matters.</summary>
    public static bool IsRunning(DossierStatus status) => status is DossierStatus.Deployed or DossierStatus.Experimented;

    public static DossierFlag Compute(Dossier dossier, DateOnly today, DateOnly joExperimentationEndsOn)
    {
        if (IsOver(dossier.Status))
        {
            return DossierFlag.None;
        }
        var flags = DossierFlag.None;
        var expired = dossier.AuthorizationExpiresOn is { } expiresOn && expiresOn <= today;
        if (expired)
        {
            flags |= DossierFlag.AuthorizationExpired;
        }
        var authorizationCoversVideoVerbalisation = dossier.AuthorizationIssuedOn is not null && dossier.AuthorizationCoversVideoVerbalisation && !expired;
        if (dossier.Technologies.HasFlag(Technology.VideoVerbalisation) && !authorizationCoversVideoVerbalisation)
        {
            flags |= DossierFlag.VideoVerbalisationWithoutAuthorization;
        }
        if (dossier.Technologies.HasFlag(Technology.Vsa) && IsRunning(dossier.Status)
            && (!dossier.JoExperimentation || today > joExperimentationEndsOn))
        {
            flags |= DossierFlag.VsaOutsideExperimentation;
        }
        return flags;
    }
}

public static class DossierFlagFilters
{
    /// <summary>Only the dossiers that carry <paramref name="flag"/> today (same rules as <see cref="DossierFlags.Compute"/>).</summary>
    public static IQueryable<Dossier> WithFlag(this IQueryable<Dossier> dossiers, DossierFlag flag, DateOnly today, DateOnly joExperimentationEndsOn)
    {
        dossiers = dossiers.Where(d => d.Status != DossierStatus.Abandoned && d.Status != DossierStatus.Annulled);
        return flag switch
        {
            DossierFlag.AuthorizationExpired => dossiers.Where(d => d.AuthorizationExpiresOn != null && d.AuthorizationExpiresOn <= today),
            DossierFlag.VideoVerbalisationWithoutAuthorization => dossiers.Where(d =>
                (d.Technologies & Technology.VideoVerbalisation) != 0
                && !(d.AuthorizationIssuedOn != null && d.AuthorizationCoversVideoVerbalisation && d.AuthorizationExpiresOn > today)),
            DossierFlag.VsaOutsideExperimentation => dossiers.Where(d =>
                (d.Technologies & Technology.Vsa) != 0
                && (d.Status == DossierStatus.Deployed || d.Status == DossierStatus.Experimented)
                && (!d.JoExperimentation || today > joExperimentationEndsOn)),
            _ => dossiers,
        };
    }
}

/// <summary>Today's date and the settings the flags depend on, for pages and APIs.</summary>
public sealed class FlagContext(TimeProvider time, IOptionsMonitor<ObservatoireOptions> options)
{
    /// <summary>The legal date is the date in metropolitan France.</summary>
    public DateOnly Today => Infrastructure.Time.ParisCalendar.Today(time);

    public DateOnly JoExperimentationEndsOn => options.CurrentValue.JoExperimentationEndsOn;

    public DossierFlag Of(Dossier dossier) => DossierFlags.Compute(dossier, Today, JoExperimentationEndsOn);
}
