// The map's first render in Chromium, for bench/carte.sh: a new browser context (empty cache) opens
// BASE/carte RUNS times; each run is timed from the navigation's start (performance.timeOrigin) to the
// moment MapLibre has drawn its first frame with every tile of the view loaded (the map's "idle" event
// after "load", with the list of what is visible filled). Every request is recorded: one to another
// origin makes the run fail. Prints one line per run and a summary line "first_render_ms median=… max=…".
//
// Usage: CarteRender --base http://127.0.0.1:5000 [--runs 5] [--chromium /usr/bin/chromium]
using System.Globalization;
using Microsoft.Playwright;

var baseUrl = Argument("--base") ?? throw new ArgumentException("--base URL is required");
var runs = int.Parse(Argument("--runs") ?? "5", CultureInfo.InvariantCulture);
var chromium = Argument("--chromium") ?? "/usr/bin/chromium";
var origin = new Uri(baseUrl).GetLeftPart(UriPartial.Authority);

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = chromium,
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
var timings = new List<double>();
for (var run = 1; run <= runs; run++)
{
    await using var context = await browser.NewContextAsync(new() { BaseURL = baseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
    var page = await context.NewPageAsync();
    var elsewhere = new List<string>();
    page.Request += (_, request) =>
    {
        if (!request.Url.StartsWith(origin, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal) && !request.Url.StartsWith("blob:", StringComparison.Ordinal))
        {
            elsewhere.Add(request.Url);
        }
    };
    // Armed before any script of the page runs: resolves at the first "idle" of the map after its "load".
    await page.AddInitScriptAsync("""
        window.__firstRender = new Promise(resolve => {
            const wait = () => {
                const map = window.carteMap;
                if (!map) { requestAnimationFrame(wait); return; }
                const done = () => resolve(performance.now());
                if (map.loaded() && map.areTilesLoaded()) { map.once('idle', done); map.triggerRepaint(); }
                else { map.once('idle', done); }
            };
            wait();
        });
        """);
    await page.GotoAsync("/carte");
    var renderedAt = await page.EvaluateAsync<double>("() => window.__firstRender");
    await page.WaitForSelectorAsync("#carte-liste[data-state=ready]");
    if (elsewhere.Count > 0)
    {
        Console.Error.WriteLine($"run {run}: requests to another origin: {string.Join(", ", elsewhere)}");
        return 1;
    }
    timings.Add(renderedAt);
    Console.WriteLine(FormattableString.Invariant($"run {run}: first render {renderedAt:F0} ms"));
}
timings.Sort();
Console.WriteLine(FormattableString.Invariant($"first_render_ms median={timings[timings.Count / 2]:F0} max={timings[^1]:F0} runs={runs}"));
return 0;

string? Argument(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
