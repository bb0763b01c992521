using Contrevue.Infrastructure.Web;
using MimeKit;

namespace Contrevue.Infrastructure.Mail;

/// <summary>
/// The one check of an address typed into Contrevue: a single bare address (camille@example.org),
/// the only thing the outbox can send to. No display name, no list, no header ("Bcc: …"), no line
/// break; checked before anything is written, so that a refused address never leaves a row behind.
/// </summary>
public static class EmailAddresses
{
    public const int MaxLength = 254;

    /// <summary>Separators of lists, groups, display names, comments and quoted parts: legal in RFC 5322, never in an address typed here.</summary>
    private static readonly System.Buffers.SearchValues<char> NotInAnAddress = System.Buffers.SearchValues.Create(" ,;:<>()[]\"\\");

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || !InputText.IsAcceptable(value, multiLine: false))
        {
            return false;
        }
        if (value.AsSpan().ContainsAny(NotInAnAddress))
        {
            return false;
        }
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == value.Length - 1 || at != value.LastIndexOf('@'))
        {
            return false;
        }
        return MailboxAddress.TryParse(value, out var mailbox)
            && string.IsNullOrEmpty(mailbox.Name)
            && string.Equals(mailbox.Address, value, StringComparison.Ordinal);
    }
}
