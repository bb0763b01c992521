using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace Contrevue.Tests.Infrastructure.Mail;

/// <summary>
/// A real SMTP server on loopback (smtp_sink.py, on Debian's python3-aiosmtpd) that keeps every
/// message it accepts as a .eml file.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Infrastructure", "Mail", "smtp_sink.py");

    // Debian's interpreter, which has python3-aiosmtpd, even when another python3 comes first in PATH.
    private static readonly string Python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    private Process? _process;

    public SmtpTestServer(int? port = null)
    {
        Port = port ?? FreePort();
        Folder = Directory.CreateTempSubdirectory("contrevue-smtp-").FullName;
    }

    public int Port { get; }
    public string Folder { get; }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(Folder);
        _process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var line = await _process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line != "ready")
        {
            var error = await _process.StandardError.ReadToEndAsync(timeout.Token);
            throw new InvalidOperationException($"The test SMTP server did not start (is python3-aiosmtpd installed?): {error}");
        }
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    /// <summary>From now on, a complete message is held unanswered until <see cref="Release"/>.</summary>
    public void Hold() => File.WriteAllText(Path.Combine(Folder, "hold"), "");

    public void Release() => File.Delete(Path.Combine(Folder, "hold"));

    public bool IsHolding => File.Exists(Path.Combine(Folder, "holding"));

    public IReadOnlyList<MimeMessage> MessagesTo(string recipient) =>
        Directory.GetFiles(Folder, "*.eml")
            .Select(file => MimeMessage.Load(file))
            .Where(message => message.To.Mailboxes.Any(m => m.Address == recipient))
            .ToList();

    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(string recipient, int count = 1)
    {
        IReadOnlyList<MimeMessage> messages = [];
        await Eventually.TrueAsync(() => Task.FromResult((messages = MessagesTo(recipient)).Count >= count),
            $"{count} message(s) to {recipient}");
        return messages;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(Folder, recursive: true);
    }
}

/// <summary>One server for a test class.</summary>
public sealed class SmtpFixture : IAsyncLifetime
{
    public SmtpTestServer Server { get; } = new();

    public Task InitializeAsync() => Server.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public static class Eventually
{
    /// <summary>Polls until the condition holds; fails with what was awaited after the timeout.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, double timeoutSeconds = 60)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(timeoutSeconds))
            {
                Assert.Fail($"Still waiting after {timeoutSeconds} s for: {what}");
            }
            await Task.Delay(50);
        }
    }
}
