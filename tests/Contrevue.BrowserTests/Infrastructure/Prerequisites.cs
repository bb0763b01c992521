using System.Reflection;

namespace Contrevue.BrowserTests.Infrastructure;

/// <summary>What the browser tests need outside NuGet. Missing pieces fail the run, never skip it.</summary>
public static class Prerequisites
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private const string Setup =
        "Run ./test.sh from the repository root: it installs Debian's chromium when missing, " +
        "runs `npm ci --prefix tests/Contrevue.BrowserTests`, then every test.";

    public static string ProjectDirectory { get; } =
        typeof(Prerequisites).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "BrowserTestsProjectDirectory").Value!;

    public static string AxeScriptPath { get; } = Path.Combine(ProjectDirectory, "node_modules", "axe-core", "axe.min.js");

    /// <summary>ical.js (Mozilla's iCalendar parser), the second, independent reader of the app's .ics files.</summary>
    public static string IcalScriptPath { get; } = Path.Combine(ProjectDirectory, "node_modules", "ical.js", "dist", "ical.es5.min.cjs");

    public static void Check()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Debian's Chromium is missing ({ChromiumPath}). {Setup}");
        }
        if (!File.Exists(AxeScriptPath))
        {
            throw new InvalidOperationException($"axe-core is missing ({AxeScriptPath}). {Setup}");
        }
    }
}
