namespace Contrevue.Infrastructure.PersonalData;

/// <summary>
/// One thing held about an e-mail address, as its owner sees it on <c>/mes-donnees</c>: what
/// (<see cref="Kind"/> and <see cref="Status"/> are French texts the page translates), about what
/// (<see cref="Subject"/>, data: a territory, a campaign, a message's subject) and when.
/// </summary>
public sealed record PersonalDataItem(string Kind, string Subject, DateTime Date, string Status);

/// <summary>
/// A feature that keeps e-mail addresses left by people without an account (proposals, campaign
/// follow-ups, sent mail; later RSVPs and newsletter sign-ups). Each registers its own in its Setup
/// (<c>services.AddScoped&lt;IPersonalDataHolder, …&gt;()</c>); the data-rights pages enumerate them
/// and know none by name. Addresses are given normalised (<see cref="PersonalDataAddress.Normalize"/>).
/// </summary>
public interface IPersonalDataHolder
{
    /// <summary>What this feature holds about the address; never anyone else's data.</summary>
    Task<IReadOnlyList<PersonalDataItem>> FindAsync(string email, CancellationToken cancellationToken);

    /// <summary>
    /// Erases the address and the personal data attached to it, keeping the public, moderated content
    /// it contributed to. Runs inside the caller's transaction. Returns how many items were erased.
    /// </summary>
    Task<int> EraseAsync(string email, DateTime now, CancellationToken cancellationToken);
}

public static class PersonalDataAddress
{
    /// <summary>Addresses are compared trimmed and lower-cased: "Jeanne@Exemple.org" is the same person as "jeanne@exemple.org".</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
