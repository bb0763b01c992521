using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Contrevue.Infrastructure.OpenApi;

/// <summary>
/// An example of an endpoint's success response, given where the response type says too little (CSV, GeoJSON
/// bytes): JSON text for a JSON media type, the text itself for any other.
/// </summary>
public sealed record OpenApiResponseExample(string ContentType, string Example);

/// <summary>
/// Examples in the OpenAPI document for every success response: the endpoint's own
/// (<see cref="WithResponseExample"/>) when it gives one; else one built from the response's .NET type, named
/// as the API's JSON names it, so that it always has the documented shape; else one per media type (CSV,
/// iCalendar, Atom, GeoJSON).
/// </summary>
public static class OpenApiExamples
{
    private const int MaxDepth = 6;

    public static TBuilder WithResponseExample<TBuilder>(this TBuilder builder, string contentType, string example) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OpenApiResponseExample(contentType, example));

    public static OpenApiOptions AddResponseExamples(this OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        if (operation.Responses is null)
        {
            return Task.CompletedTask;
        }
        var given = context.Description.ActionDescriptor.EndpointMetadata.OfType<OpenApiResponseExample>().ToList();
        DocumentUndeclaredContent(operation, context.Description);
        foreach (var (status, response) in operation.Responses)
        {
            if (!status.StartsWith('2') || response.Content is null)
            {
                continue;
            }
            foreach (var (contentType, media) in response.Content)
            {
                if (media.Example is not null || media.Examples is { Count: > 0 })
                {
                    continue;
                }
                var own = given.FirstOrDefault(e => MediaType(e.ContentType) == MediaType(contentType));
                media.Example = own is not null
                    ? MediaType(own.ContentType).EndsWith("json", StringComparison.Ordinal) ? JsonNode.Parse(own.Example) : JsonValue.Create(own.Example)
                    : ByType(context.Description.SupportedResponseTypes, status, contentType) ?? ByMediaType(contentType);
            }
        }
        return Task.CompletedTask;
    });

    /// <summary>
    /// A GET that writes its answer itself (a feed, a calendar, a stored file) declares no content: its media type
    /// is documented from its route's extension, a file's bytes otherwise.
    /// </summary>
    private static void DocumentUndeclaredContent(OpenApiOperation operation, Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description)
    {
        if (description.HttpMethod != "GET" || operation.Responses!.Any(r => r.Key.StartsWith('2') && r.Value.Content is { Count: > 0 }))
        {
            return;
        }
        var path = (description.RelativePath ?? "").Split('?')[0];
        var mediaType = Path.GetExtension(path) switch
        {
            ".ics" => "text/calendar",
            ".atom" => "application/atom+xml",
            ".csv" => "text/csv",
            ".geojson" => "application/geo+json",
            ".json" => "application/json",
            _ => "application/octet-stream",
        };
        if (!operation.Responses!.TryGetValue("200", out var existing) || existing is not OpenApiResponse response)
        {
            response = new OpenApiResponse { Description = "OK" };
            operation.Responses["200"] = response;
        }
        response.Content ??= new Dictionary<string, OpenApiMediaType>();
        response.Content[mediaType] = new OpenApiMediaType();
    }

    private static string MediaType(string contentType) => contentType.Split(';')[0].Trim().ToLowerInvariant();

    private static JsonNode? ByType(IList<Microsoft.AspNetCore.Mvc.ApiExplorer.ApiResponseType> types, string status, string contentType)
    {
        if (!MediaType(contentType).EndsWith("json", StringComparison.Ordinal) || MediaType(contentType) == "application/geo+json")
        {
            return null;
        }
        var type = types.FirstOrDefault(t => t.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) == status)?.Type;
        return type is null || type == typeof(void) || type == typeof(string) ? null : Sample(type, "", 0, []);
    }

    /// <summary>A value of the type as the API's JSON writes it (camelCase names), with plausible French values.</summary>
    public static JsonNode? Sample(Type type, string name, int depth, HashSet<Type> open)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string))
        {
            return JsonValue.Create(TextFor(name));
        }
        if (underlying == typeof(bool))
        {
            return JsonValue.Create(true);
        }
        if (underlying == typeof(int) || underlying == typeof(long) || underlying == typeof(short))
        {
            return JsonValue.Create(name.Contains("count", StringComparison.OrdinalIgnoreCase) || name.Contains("total", StringComparison.OrdinalIgnoreCase) ? 12 : 42);
        }
        if (underlying == typeof(double) || underlying == typeof(decimal) || underlying == typeof(float))
        {
            return JsonValue.Create(name.Contains("lon", StringComparison.OrdinalIgnoreCase) ? 4.3872 : 45.4397);
        }
        if (underlying == typeof(DateOnly))
        {
            return JsonValue.Create("2026-12-05");
        }
        if (underlying == typeof(DateTime) || underlying == typeof(DateTimeOffset))
        {
            return JsonValue.Create("2026-12-05T09:30:00Z");
        }
        if (underlying == typeof(TimeOnly))
        {
            return JsonValue.Create("18:30:00");
        }
        if (underlying == typeof(Guid))
        {
            return JsonValue.Create("3f2504e0-4f89-41d3-9a0c-0305e82c3301");
        }
        if (underlying.IsEnum)
        {
            var first = Enum.GetValues(underlying).GetValue(0)!;
            return underlying.IsDefined(typeof(JsonConverterAttribute)) ? JsonValue.Create(JsonNamingPolicy.CamelCase.ConvertName(first.ToString()!)) : JsonValue.Create(Convert.ToInt32(first, System.Globalization.CultureInfo.InvariantCulture));
        }
        if (underlying == typeof(object) || underlying == typeof(JsonElement) || typeof(JsonNode).IsAssignableFrom(underlying))
        {
            return new JsonObject();
        }
        if (depth >= MaxDepth || open.Contains(underlying))
        {
            return null;
        }
        open.Add(underlying);
        try
        {
            var dictionary = underlying.GetInterfaces().Append(underlying)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>));
            if (dictionary is not null)
            {
                return new JsonObject { ["exemple"] = Sample(dictionary.GetGenericArguments()[1], name, depth + 1, open) };
            }
            if (underlying != typeof(string) && typeof(IEnumerable).IsAssignableFrom(underlying))
            {
                var element = underlying.IsArray
                    ? underlying.GetElementType()!
                    : underlying.GetInterfaces().Append(underlying).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0] ?? typeof(object);
                return new JsonArray(Sample(element, name, depth + 1, open));
            }
            var result = new JsonObject();
            foreach (var property in underlying.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetMethod is null || property.GetIndexParameters().Length > 0 || property.IsDefined(typeof(JsonIgnoreAttribute)))
                {
                    continue;
                }
                var json = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                result[json] = Sample(property.PropertyType, property.Name, depth + 1, open);
            }
            return result;
        }
        finally
        {
            open.Remove(underlying);
        }
    }

    private static string TextFor(string name)
    {
        var lower = name.ToLowerInvariant();
        return lower switch
        {
            _ when lower.Contains("url", StringComparison.Ordinal) || lower.Contains("href", StringComparison.Ordinal) || lower.Contains("path", StringComparison.Ordinal) || lower.Contains("link", StringComparison.Ordinal)
                => "https://contrevue.example.org/observatoire/dossiers/42-videosurveillance-algorithmique-au-stade",
            _ when lower.Contains("email", StringComparison.Ordinal) => "contact@collectif.example.org",
            _ when lower.Contains("sha", StringComparison.Ordinal) => "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            _ when lower.Contains("cursor", StringComparison.Ordinal) => "aWR8NDI",
            _ when lower.Contains("slug", StringComparison.Ordinal) => "vision-navigateur",
            _ when lower.EndsWith("on", StringComparison.Ordinal) || lower.Contains("date", StringComparison.Ordinal) || lower.Contains("since", StringComparison.Ordinal) => "2026-12-05",
            _ when lower.Contains("departement", StringComparison.Ordinal) => "42",
            _ when lower.Contains("code", StringComparison.Ordinal) || lower.Contains("insee", StringComparison.Ordinal) => "42218",
            _ when lower.Contains("status", StringComparison.Ordinal) => "deployed",
            _ when lower.Contains("kind", StringComparison.Ordinal) || lower.Contains("type", StringComparison.Ordinal) => "commune",
            _ when lower.Contains("name", StringComparison.Ordinal) => "Saint-Étienne",
            _ when lower.Contains("title", StringComparison.Ordinal) => "Vidéosurveillance algorithmique au stade",
            _ => "Exemple",
        };
    }

    private static JsonNode? ByMediaType(string contentType) => MediaType(contentType) switch
    {
        "text/csv" => JsonValue.Create("id;titre;statut\n42;Vidéosurveillance algorithmique au stade;deployed\n"),
        "text/calendar" => JsonValue.Create("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Contrevue//FR\r\nBEGIN:VEVENT\r\nUID:42@contrevue\r\nDTSTART;TZID=Europe/Paris:20261210T183000\r\nSUMMARY:Réunion d'information\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
        "application/atom+xml" => JsonValue.Create("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Contrevue</title><entry><title>Nouveau dossier</title></entry></feed>"),
        "application/geo+json" => JsonNode.Parse("""
            {"type":"FeatureCollection","features":[{"type":"Feature","id":42,"geometry":{"type":"Point","coordinates":[4.3872,45.4397]},
            "properties":{"title":"Vidéosurveillance algorithmique au stade","status":"deployed","position":"dossier"}}]}
            """),
        "text/plain" => JsonValue.Create("Exemple"),
        "application/octet-stream" => JsonValue.Create("(les octets du fichier, avec son type : PDF, image, document)"),
        var json when json.EndsWith("json", StringComparison.Ordinal) => new JsonObject { ["exemple"] = "…" },
        _ => JsonValue.Create("…"),
    };
}
