using System.Text.Json;

namespace Contrevue.Tests.Features.OpenData;

/// <summary>
/// The OpenAPI document, walked whole: every GET has a summary and, for each success response it documents,
/// an example whose members are those of the response's schema. The open-data resources are all in it.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed partial class OpenApiDocumentTests(TestApps apps)
{
    /// <summary>Route constraints (<c>{id:int}</c>) are not in the document's paths (<c>{id}</c>).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(":[^}]*}")]
    private static partial System.Text.RegularExpressions.Regex ConstraintsOut();

    [Fact]
    public async Task Every_get_has_a_summary_and_an_example_of_its_documented_shape()
    {
        var app = await apps.GetAsync(DatabaseProvider.Sqlite);
        using var document = JsonDocument.Parse(await app.CreateBrowserlessClient().GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;
        var schemas = root.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var s) ? s : default;

        var paths = root.GetProperty("paths");
        foreach (var resource in new[] { "/api/v1/dossiers", "/api/v1/dossiers.geojson", "/api/v1/dossiers.csv", "/api/v1/dossiers/{id}", "/donnees/{name}", "/api/v1/communes", "/api/v1/vendors" })
        {
            Assert.True(paths.TryGetProperty(resource, out var _), $"{resource} is not in the OpenAPI document");
        }

        // Public, as the authorization matrix says: a GET anyone may read (the others answer their members only).
        var world = new Contrevue.Tests.Hardening.MatrixWorld([], 1, 2, 3, 4, 5, 6, "6-dossier", 7, "sha", "sha", "vendeur", 8, 9, 10, 11, 12);
        var publicGets = Contrevue.Tests.Hardening.AuthorizationMatrix.Rows(world)
            .Where(r => r.Method == "GET" && r.Access is "public read" or "public page")
            .Select(r => ConstraintsOut().Replace(r.Pattern, "}"))
            .ToHashSet();
        var problems = new List<string>();
        var gets = 0;
        foreach (var path in paths.EnumerateObject())
        {
            if (!path.Value.TryGetProperty("get", out var get) || !publicGets.Contains(path.Name))
            {
                continue;
            }
            gets++;
            if (!get.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()))
            {
                problems.Add($"GET {path.Name}: no summary");
            }
            var examples = 0;
            foreach (var response in get.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')))
            {
                if (!response.Value.TryGetProperty("content", out var content))
                {
                    continue;
                }
                foreach (var media in content.EnumerateObject())
                {
                    if (!media.Value.TryGetProperty("example", out var example) || example.ValueKind == JsonValueKind.Null)
                    {
                        problems.Add($"GET {path.Name} {response.Name} {media.Name}: no example");
                        continue;
                    }
                    examples++;
                    if (media.Value.TryGetProperty("schema", out var schema))
                    {
                        Conforms(example, schema, schemas, $"GET {path.Name} {response.Name} {media.Name}", problems, 0);
                    }
                }
            }
            if (examples == 0)
            {
                problems.Add($"GET {path.Name}: no documented success response with an example");
            }
        }
        Assert.True(gets >= 20, $"only {gets} GET operations in the document");
        Assert.True(problems.Count == 0, $"{problems.Count} problems in /openapi/v1.json:\n" + string.Join("\n", problems));
    }

    /// <summary>Every member of the example is a property of the schema (following $ref), arrays item by item.</summary>
    private static void Conforms(JsonElement example, JsonElement schema, JsonElement schemas, string where, List<string> problems, int depth)
    {
        if (depth > 8)
        {
            return;
        }
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            if (schemas.ValueKind != JsonValueKind.Object || !schemas.TryGetProperty(name, out schema))
            {
                problems.Add($"{where}: unknown schema {name}");
                return;
            }
        }
        if (example.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties))
        {
            foreach (var member in example.EnumerateObject())
            {
                if (!properties.TryGetProperty(member.Name, out var property))
                {
                    problems.Add($"{where}: example member « {member.Name} » is not in the schema");
                }
                else if (member.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    Conforms(member.Value, property, schemas, $"{where}.{member.Name}", problems, depth + 1);
                }
            }
        }
        else if (example.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            foreach (var item in example.EnumerateArray())
            {
                Conforms(item, items, schemas, $"{where}[]", problems, depth + 1);
            }
        }
    }
}
