namespace Contrevue.Infrastructure.Metrics;

/// <summary>
/// The <c>Metrics</c> section: where the Prometheus scrape endpoint answers, if anywhere. Off by
/// default. With <see cref="Port"/>, a listener of its own (loopback unless <see cref="Address"/> says
/// otherwise) that answers nothing but <see cref="Path"/>; without it, <see cref="Path"/> on the site's
/// own port, for the holder of <see cref="Token"/> only. Anyone else gets the same 404 as for any
/// unknown address, so the endpoint is not advertised.
/// </summary>
public sealed class MetricsSettings
{
    public const string Section = "Metrics";

    /// <summary>A token shorter than this is refused at start-up: it would be guessable.</summary>
    public const int ShortestToken = 16;

    public bool Enabled { get; set; }

    public string Path { get; set; } = "/metrics";

    public int? Port { get; set; }

    public string Address { get; set; } = "127.0.0.1";

    /// <summary>Sent by the scraper as <c>Authorization: Bearer …</c>; required on the site's port.</summary>
    public string? Token { get; set; }

    public bool OnOwnPort => Port is not null;

    /// <summary>Refuses, at start-up, a configuration that would serve the metrics to anyone.</summary>
    public void Validate()
    {
        if (!Enabled)
        {
            return;
        }
        if (!Path.StartsWith('/'))
        {
            throw new InvalidOperationException("Metrics:Path must start with '/'.");
        }
        if (Port is { } port && port is < 1 or > 65535)
        {
            throw new InvalidOperationException("Metrics:Port must be a TCP port (1-65535).");
        }
        if (!OnOwnPort && string.IsNullOrEmpty(Token))
        {
            throw new InvalidOperationException(
                "Metrics:Enabled needs Metrics:Port (a listener of their own) or Metrics:Token (a secret on the site's port).");
        }
        if (Token is { Length: > 0 and < ShortestToken })
        {
            throw new InvalidOperationException($"Metrics:Token must be at least {ShortestToken} characters long.");
        }
    }
}
