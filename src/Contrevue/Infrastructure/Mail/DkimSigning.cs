using MimeKit;
using MimeKit.Cryptography;

namespace Contrevue.Infrastructure.Mail;

/// <summary>
/// DKIM signatures (RFC 6376) with MimeKit's <see cref="DkimSigner"/>, when <c>Mail:Dkim:Domain</c>,
/// <c>Mail:Dkim:Selector</c> and <c>Mail:Dkim:PrivateKeyFile</c> (PEM, RSA) are all set; otherwise
/// messages leave unsigned. Relaxed/relaxed canonicalisation, so that a relay re-folding a header or
/// trailing spaces does not break the signature.
/// </summary>
public sealed class DkimSigning
{
    /// <summary>
    /// The headers covered, each only when the message has it: those a reader trusts (who, to whom,
    /// what, when) and those a mailbox provider acts on (RFC 8058 asks List-Unsubscribe and
    /// List-Unsubscribe-Post to be signed, so nobody can graft a one-click link onto a message).
    /// </summary>
    public static readonly IReadOnlyList<string> SignedHeaders =
        ["From", "To", "Subject", "Date", "Message-ID", "List-Id", "List-Unsubscribe", "List-Unsubscribe-Post"];

    private readonly DkimSigner? _signer;

    public DkimSigning(IConfiguration configuration)
    {
        var section = configuration.GetSection("Mail:Dkim");
        var (domain, selector, keyFile) = (section["Domain"], section["Selector"], section["PrivateKeyFile"]);
        if (string.IsNullOrWhiteSpace(domain) || string.IsNullOrWhiteSpace(selector) || string.IsNullOrWhiteSpace(keyFile))
        {
            return;
        }
        if (!File.Exists(keyFile))
        {
            throw new InvalidOperationException($"Mail:Dkim:PrivateKeyFile : fichier introuvable (« {keyFile} »).");
        }
        _signer = new DkimSigner(keyFile, domain.Trim(), selector.Trim(), DkimSignatureAlgorithm.RsaSha256)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            AgentOrUserIdentifier = "@" + domain.Trim(),
        };
    }

    public bool IsConfigured => _signer is not null;

    /// <summary>Signs the message in place (a DKIM-Signature header on top); does nothing when DKIM is not configured.</summary>
    public void Sign(MimeMessage message)
    {
        if (_signer is null)
        {
            return;
        }
        // The body is signed as it will travel: 7-bit from here on, so that no relay re-encodes it.
        message.Prepare(EncodingConstraint.SevenBit);
        var present = SignedHeaders.Where(name => message.Headers.Contains(name)).ToList();
        _signer.Sign(message, present);
    }
}
