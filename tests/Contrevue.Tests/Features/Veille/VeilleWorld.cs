using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Contrevue.Tests.Features.Veille;

public static class VeilleWorld
{
    /// <summary>A word no other test writes, letters only (search and JSON keep it whole).</summary>
    public static string Word(string prefix) => prefix + new string(Guid.NewGuid().ToString("N").Take(10).Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))).ToArray());

    public static string Today => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An article about Saint-Étienne (42218) with a Facebook share's address.</summary>
    public static Dictionary<string, object?> Article(string word, string? url = null, string publishedOn = "2026-10-14",
        string[]? territories = null, string[]? tags = null, int[]? dossiers = null, string outlet = "Le Progrès") => new()
    {
        ["title"] = $"Saint-Étienne : les caméras « intelligentes » contestées {word}",
        ["outlet"] = outlet,
        ["author"] = "Camille Martin",
        ["publishedOn"] = publishedOn,
        ["url"] = url ?? $"https://www.leprogres.fr/loire/2026/10/14/{word.ToLowerInvariant()}?fbclid=IwAR2Xn3&utm_source=facebook",
        ["summary"] = $"Le conseil municipal a voté l'extension de la vidéosurveillance algorithmique {word}.",
        ["tags"] = tags ?? ["VSA", "Conseil municipal"],
        ["territories"] = territories ?? ["42218"],
        ["dossiers"] = dossiers ?? Array.Empty<int>(),
    };

    public static async Task<JsonElement> PostAsync(HttpClient client, Dictionary<string, object?> article)
    {
        var response = await client.PostAsJsonAsync("/api/v1/articles", article);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<List<JsonElement>> ItemsAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/v1/articles" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return [.. JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone())];
    }

    public static List<string> Titles(IEnumerable<JsonElement> items) => [.. items.Select(i => i.GetProperty("title").GetString()!)];
}
