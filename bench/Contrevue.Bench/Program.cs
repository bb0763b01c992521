// Latency micro-benchmark of the observatoire API, for bench/observatoire.sh: sequential requests
// (one at a time, one keep-alive connection) to an app on loopback, timed from sending the request
// to the last byte of the body. Scenarios come from a file of "name<TAB>path" lines; the lines of a
// scenario are its variants, cycled so that filters vary from one request to the next.
//
// Usage: Contrevue.Bench --base http://127.0.0.1:5000 --scenarios FILE [--requests 300] [--warmup 30]
//                        [--max-id N] [--seed 1] [--out FILE]
// "{id}" in a path becomes a dossier id drawn between 1 and --max-id. Every request carries a distinct
// "bench=N" parameter: the app's output cache varies by query string, so each request runs its query
// (a cache miss) instead of measuring the cache.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

var options = Options.Parse(args);
var scenarios = Scenario.Read(options.ScenariosFile);
using var client = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = 1,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    AutomaticDecompression = DecompressionMethods.None,
})
{
    BaseAddress = new Uri(options.BaseUrl),
    Timeout = TimeSpan.FromSeconds(60),
};
client.DefaultRequestHeaders.Accept.ParseAdd("application/json");

var random = new Random(options.Seed);
var requestNumber = 0;
var rows = new List<string>
{
    "| Scenario | Variants | Requests | p50 | p95 | p99 | max | mean | avg body | non-2xx |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
};
foreach (var scenario in scenarios)
{
    var probe = await SendAsync(scenario.Variants[0]);
    if (probe.Status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
    {
        Console.WriteLine($"{scenario.Name,-28} endpoint missing ({(int)probe.Status} on {Path(scenario.Variants[0])})");
        rows.Add($"| {scenario.Name} | {scenario.Variants.Count} | endpoint missing ({(int)probe.Status}) | | | | | | | |");
        continue;
    }
    for (var i = 0; i < options.Warmup; i++)
    {
        await SendAsync(scenario.Variants[i % scenario.Variants.Count]);
    }
    var results = new List<Result>(options.Requests);
    for (var i = 0; i < options.Requests; i++)
    {
        results.Add(await SendAsync(scenario.Variants[i % scenario.Variants.Count]));
    }
    var sorted = results.Select(r => r.Milliseconds).Order().ToArray();
    var failed = results.Count(r => (int)r.Status is < 200 or > 299);
    var bytes = (long)results.Average(r => r.Bytes);
    var line = string.Create(CultureInfo.InvariantCulture,
        $"| {scenario.Name} | {scenario.Variants.Count} | {results.Count} | {Ms(Percentile(sorted, 0.50))} | {Ms(Percentile(sorted, 0.95))} | {Ms(Percentile(sorted, 0.99))} | {Ms(sorted[^1])} | {Ms(sorted.Average())} | {bytes} B | {failed} |");
    rows.Add(line);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{scenario.Name,-28} p50 {Ms(Percentile(sorted, 0.50)),9} p95 {Ms(Percentile(sorted, 0.95)),9} p99 {Ms(Percentile(sorted, 0.99)),9} max {Ms(sorted[^1]),9}  {bytes} B  non-2xx {failed}"));
    if (failed > 0)
    {
        var first = results.First(r => (int)r.Status is < 200 or > 299);
        Console.WriteLine($"  first failure: {(int)first.Status} on {first.Path}: {first.Excerpt}");
    }
}
if (options.OutFile is not null)
{
    await File.WriteAllLinesAsync(options.OutFile, rows);
}
return 0;

async Task<Result> SendAsync(string variant)
{
    var path = Path(variant);
    var start = Stopwatch.GetTimestamp();
    using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
    var body = await response.Content.ReadAsByteArrayAsync();
    var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    var excerpt = response.IsSuccessStatusCode ? "" : Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300));
    return new Result(path, response.StatusCode, elapsed, body.Length, excerpt);
}

string Path(string variant)
{
    var path = variant.Contains("{id}", StringComparison.Ordinal)
        ? variant.Replace("{id}", random.Next(1, options.MaxId + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        : variant;
    return path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "bench=" + (++requestNumber).ToString(CultureInfo.InvariantCulture);
}

static double Percentile(double[] sorted, double quantile) =>
    sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];

static string Ms(double milliseconds) => milliseconds.ToString(milliseconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";

internal sealed record Result(string Path, HttpStatusCode Status, double Milliseconds, int Bytes, string Excerpt);

internal sealed record Scenario(string Name, List<string> Variants)
{
    public static List<Scenario> Read(string file)
    {
        var scenarios = new List<Scenario>();
        foreach (var raw in File.ReadAllLines(file))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var parts = line.Split('\t', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !parts[1].StartsWith('/'))
            {
                throw new FormatException($"{file}: « {raw} » n'est pas « nom<TAB>/chemin ».");
            }
            var scenario = scenarios.FirstOrDefault(s => s.Name == parts[0]);
            if (scenario is null)
            {
                scenario = new Scenario(parts[0], []);
                scenarios.Add(scenario);
            }
            scenario.Variants.Add(parts[1]);
        }
        return scenarios;
    }
}

internal sealed record Options(string BaseUrl, string ScenariosFile, int Requests, int Warmup, int MaxId, int Seed, string? OutFile)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }
        int Number(string name, int fallback) =>
            values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
        return new Options(
            values.GetValueOrDefault("--base") ?? throw new ArgumentException("--base URL is required"),
            values.GetValueOrDefault("--scenarios") ?? throw new ArgumentException("--scenarios FILE is required"),
            Number("--requests", 300), Number("--warmup", 30), Number("--max-id", 1), Number("--seed", 1),
            values.GetValueOrDefault("--out"));
    }
}
