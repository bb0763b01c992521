using System.Security.Cryptography;
using Contrevue.Data;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Mail;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Mobilisation;

/// <summary>A sign-up as the form and the API send it; the territory is a reference (42218, departement:42…).</summary>
public sealed record SignUpInput(string? Email, string? Territory, string? CollectiveName, IReadOnlyList<string?>? HelpWith, string? Message);

public abstract record SignUpOutcome
{
    private SignUpOutcome()
    {
    }

    /// <summary>Stored unconfirmed; the confirmation e-mail is queued.</summary>
    public sealed record Accepted(int Id) : SignUpOutcome;

    /// <summary>French errors by field (the API's names: email, territory, collectiveName, helpWith, message).</summary>
    public sealed record Invalid(Dictionary<string, string[]> Errors) : SignUpOutcome;
}

/// <summary>Signing up, confirming and erasing by the e-mailed links: the double opt-in of « Rejoindre la mobilisation ».</summary>
public sealed class SignUpService(
    ContrevueDbContext db, IMailOutbox mail, ListedCollectives listed, MobilisationSettings settings, IDataProtectionProvider protection, TimeProvider time)
{
    public const int MaxHelpCodes = 20;

    /// <summary>Starts the secret of an erasure-only link (<see cref="ErasureToken"/>), long where a confirmation secret is short.</summary>
    private const string ErasurePrefix = "e.";

    // Later e-mails (an organiser's invitation) carry an erasure link too, but the sign-up's own secret is only
    // in its first e-mail: theirs names the sign-up, signed by the Data Protection keys, so no earlier link is revoked.
    private readonly IDataProtector _erasure = protection.CreateProtector("Contrevue.Mobilisation.Erasure.v1");

    public async Task<SignUpOutcome> SubmitAsync(SignUpInput input, string siteUrl, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var email = (input.Email ?? "").Trim();
        if (!EmailAddresses.IsValid(email))
        {
            errors["email"] = ["Indiquez une adresse e-mail valide (par exemple camille@exemple.org)."];
        }
        TerritoryReference? territory = null;
        string? territoryName = null;
        if (string.IsNullOrWhiteSpace(input.Territory))
        {
            errors["territory"] = ["Indiquez votre commune."];
        }
        else if (!TerritoryReference.TryParse(input.Territory, out territory) || (territoryName = await db.NameOfAsync(territory.Value, cancellationToken)) is null)
        {
            errors["territory"] = ["Territoire inconnu : donnez un code de commune (42218) ou une référence (departement:42, epci:…)."];
        }
        var collectiveName = string.IsNullOrWhiteSpace(input.CollectiveName) ? null : input.CollectiveName.Trim();
        if (collectiveName is not null && (collectiveName.Length > SignUp.MaxCollectiveNameLength || !InputText.IsAcceptable(collectiveName, multiLine: false)))
        {
            errors["collectiveName"] = ["Le nom du collectif est limité à 120 caractères, sur une ligne."];
        }
        var help = (input.HelpWith ?? []).Select(c => (c ?? "").Trim()).Where(c => c.Length > 0).Distinct().ToList();
        if (help.Count > MaxHelpCodes || help.Any(c => !HelpCodes.IsKnown(c)))
        {
            errors["helpWith"] = ["Ce que vous pouvez faire : choisissez parmi postering, leafleting, informing, writing, legal, hosting-meetings, other."];
        }
        var message = string.IsNullOrWhiteSpace(input.Message) ? null : input.Message.Trim().ReplaceLineEndings("\n");
        if (message is not null && (message.Length > SignUp.MaxMessageLength || !InputText.IsAcceptable(message, multiLine: true)))
        {
            errors["message"] = ["Le message est limité à 2 000 caractères."];
        }
        if (errors.Count > 0)
        {
            return new SignUpOutcome.Invalid(errors);
        }

        var reference = territory!.Value;
        var token = NewToken();
        var signUp = new SignUp
        {
            Email = email,
            TerritoryKind = reference.Kind,
            TerritoryCode = reference.Code,
            TerritoryName = territoryName!,
            CollectiveName = collectiveName,
            MatchedCollectiveId = collectiveName is null ? null : await listed.MatchAsync(collectiveName, cancellationToken),
            // In the form's order, whatever order they came in.
            HelpWith = string.Join(',', HelpCodes.All.Select(h => h.Code).Where(help.Contains)),
            Message = message,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            TokenHash = Hash(token),
        };
        await PlaceAsync(signUp, reference, cancellationToken);
        db.Add(signUp);
        var site = siteUrl.TrimEnd('/');
        mail.Enqueue(email, MobilisationMails.Confirmation(
            territoryName!, $"{site}/rejoindre/confirmer?jeton={token}", $"{site}/rejoindre/effacer?jeton={token}",
            settings.UnconfirmedDays, settings.RetentionDays));
        await db.SaveChangesAsync(cancellationToken);
        return new SignUpOutcome.Accepted(signUp.Id);
    }

    /// <summary>The sign-up a link's secret names, confirmed or not; null for an unknown or malformed secret.</summary>
    public Task<SignUp?> FindByTokenAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return Task.FromResult<SignUp?>(null);
        }
        var hash = Hash(token);
        return db.Set<SignUp>().FirstOrDefaultAsync(s => s.TokenHash == hash, cancellationToken);
    }

    /// <summary>Confirms once; false when the link names nothing (erased, expired or never valid).</summary>
    public async Task<bool> ConfirmAsync(string? token, CancellationToken cancellationToken)
    {
        var signUp = await FindByTokenAsync(token, cancellationToken);
        if (signUp is null)
        {
            return false;
        }
        signUp.ConfirmedAt ??= time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Erases the sign-up the link names (its own secret or an <see cref="ErasureToken"/>), whole; false when there is none.</summary>
    public async Task<bool> EraseAsync(string? token, CancellationToken cancellationToken)
    {
        var target = Erased(token);
        if (target is null && await FindByTokenAsync(token, cancellationToken) is { } signUp)
        {
            target = (signUp.Id, signUp.TokenHash);
        }
        if (target is not { } found)
        {
            return false;
        }
        return await db.Set<SignUp>().Where(s => s.Id == found.Id && s.TokenHash == found.TokenHash).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    /// <summary>
    /// The secret of a link that erases the sign-up and does nothing else, for e-mails after the first. It holds
    /// the sign-up's id and secret's hash, encrypted: it can only ever name that sign-up, whatever becomes of ids.
    /// </summary>
    public string ErasureToken(SignUp signUp) =>
        ErasurePrefix + _erasure.Protect(signUp.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + signUp.TokenHash);

    private (int Id, string TokenHash)? Erased(string? token)
    {
        if (token is null || !token.StartsWith(ErasurePrefix, StringComparison.Ordinal) || token.Length > 500)
        {
            return null;
        }
        try
        {
            var parts = _erasure.Unprotect(token[ErasurePrefix.Length..]).Split(':', 2);
            return parts.Length == 2 && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
                ? (id, parts[1])
                : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Notes that an organiser invited the person into a collective.</summary>
    public Task<int> MarkInvitedAsync(int id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.Set<SignUp>().Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.InvitedAt, now), cancellationToken);
    }

    private async Task PlaceAsync(SignUp signUp, TerritoryReference reference, CancellationToken cancellationToken)
    {
        switch (reference.Kind)
        {
            case TerritoryKind.Commune:
                var commune = await db.Set<Commune>().AsNoTracking().Where(c => c.Code == reference.Code)
                    .Select(c => new { c.Code, c.ParentCode, c.EpciSiren, c.DepartementCode, c.RegionCode }).FirstAsync(cancellationToken);
                (signUp.CommuneCode, signUp.CityCode, signUp.EpciSiren, signUp.DepartementCode, signUp.RegionCode) =
                    (commune.Code, commune.ParentCode, commune.EpciSiren, commune.DepartementCode, commune.RegionCode);
                break;
            case TerritoryKind.Departement:
                signUp.DepartementCode = reference.Code;
                signUp.RegionCode = await db.Set<Departement>().Where(d => d.Code == reference.Code).Select(d => d.RegionCode).FirstAsync(cancellationToken);
                break;
            case TerritoryKind.Epci:
                signUp.EpciSiren = reference.Code;
                break;
            case TerritoryKind.Region:
                signUp.RegionCode = reference.Code;
                break;
        }
    }

    private static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
