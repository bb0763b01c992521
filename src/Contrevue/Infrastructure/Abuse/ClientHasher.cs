using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Contrevue.Infrastructure.Abuse;

/// <summary>
/// Tells anonymous clients apart across requests without keeping their address: the stored value is
/// HMAC-SHA256(key of the UTC day, subject + client), where the client is
/// <see cref="PublicWriteLimiter.ClientKey"/> (the IPv4 address, or the IPv6 /64) and the subject what
/// it acts on (so one client's hashes on two dossiers cannot be linked).
/// </summary>
/// <remarks>
/// Each day's key is random and lives in this instance's memory only: it is never written anywhere, and
/// is forgotten once no hash made with it may still be kept (<see cref="AbuseOptions.ClientHashHours"/>
/// after the day ends). Without the key a stored hash cannot be reversed, not even by trying the
/// 2³² IPv4 addresses. Deriving the key from the Data Protection key ring would let several instances
/// agree, but that ring sits unencrypted in the same database as the hashes: whoever took the
/// database (or a backup) could then reverse them. So each instance hashes with its own keys, and a
/// restart starts new ones: a client is counted once per instance and per restart, which the README
/// says (and why a proxy should send a client to the same instance).
/// </remarks>
public sealed class ClientHasher(TimeProvider time, IOptions<AbuseOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<DateOnly, byte[]> _keys = [];

    /// <summary>How long a stored hash may be kept, and matched against.</summary>
    public TimeSpan Retention => TimeSpan.FromHours(Math.Max(1, options.Value.ClientHashHours));

    public static string ClientOf(HttpContext context) => PublicWriteLimiter.ClientKey(context.Connection.RemoteIpAddress);

    /// <summary>The hash to store now: under today's key.</summary>
    public string Hash(string client, string subject)
    {
        lock (_lock)
        {
            return Compute(LiveKeys()[Today()], client, subject);
        }
    }

    /// <summary>Every hash this client may have been stored under for this subject within the retention: one per live key.</summary>
    public IReadOnlyList<string> Candidates(string client, string subject)
    {
        lock (_lock)
        {
            return [.. LiveKeys().Values.Select(key => Compute(key, client, subject))];
        }
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>Forgets the keys whose hashes have all expired, and makes today's. Under the lock.</summary>
    private Dictionary<DateOnly, byte[]> LiveKeys()
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var day in _keys.Keys.Where(day => day.AddDays(1).ToDateTime(TimeOnly.MinValue) + Retention <= now).ToList())
        {
            CryptographicOperations.ZeroMemory(_keys[day]);
            _keys.Remove(day);
        }
        var today = Today();
        if (!_keys.ContainsKey(today))
        {
            _keys[today] = RandomNumberGenerator.GetBytes(32);
        }
        return _keys;
    }

    private static string Compute(byte[] key, string client, string subject) =>
        WebEncoders.Base64UrlEncode(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(subject + "\n" + client)));
}
