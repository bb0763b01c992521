using Contrevue.Infrastructure.Security;
using System.Collections;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contrevue.Features.Accounts;
using Contrevue.Features.Moderation;
using Contrevue.Features.Observatoire;
using CsCheck;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Hardening;

/// <summary>
/// Property-based fuzzing of every public input, enumerated from the app's own endpoint data source
/// (a new endpoint is fuzzed without a line here): route values and query parameters of every
/// anonymous GET, the JSON body of every anonymous write, every field of every anonymous form. Never a
/// 5xx, and a refused request leaves the proposal tables as they were. The corpus
/// (hostile-strings.txt) is tried first, then CsCheck's generated strings, each test bounded in time.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class FuzzingTests(TestApps apps)
{
    /// <summary>Seconds of generated cases per test and provider, after the corpus.</summary>
    private const int GeneratedSeconds = 15;
    private const string Campaign = "pas-de-vsa-dans-ma-ville";

    /// <summary>Names a page or endpoint may read from the query string besides those its metadata declares.</summary>
    private static readonly string[] KnownQueryNames =
    [
        "q", "cursor", "limit", "page", "departement", "region", "commune", "territoire", "territory", "technology", "vendor",
        "status", "statut", "flag", "from", "to", "sort", "tri", "retour", "jeton", "token", "enregistre", "enregistree",
        "sep", "fictional", "format", "reason", "kind", "type", "annee", "mois", "date", "email", "code", "culture",
    ];

    /// <summary>Already percent-encoded: bytes that are not UTF-8 at all, sent as they are.</summary>
    private static readonly string[] RawEncoded = ["%FF", "%C0%AF", "%ED%A0%80", "%EF%BF%BE", "%00", "%0D%0A", "%", "%E9"];

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Every_anonymous_GET_answers_hostile_route_values_and_query_strings_without_a_5xx(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        var world = await World.CreateAsync(app);
        var client = app.CreateBrowserlessClient();
        var routes = AnonymousEndpoints(app, HttpMethods.Get).Select(e => new GetRoute(e, QueryNames(e))).ToList();
        Assert.True(routes.Count > 40, $"only {routes.Count} anonymous GET routes found");

        async Task SendAsync(GetRoute route, int slot, string value, bool raw = false)
        {
            var encoded = raw ? value : HostileStrings.Escape(value);
            var parameters = route.Endpoint.RoutePattern.Parameters;
            string url;
            if (slot % (parameters.Count + 1) < parameters.Count)
            {
                if (value.Contains('\0', StringComparison.Ordinal))
                {
                    // Kestrel refuses a NUL in the path with a 400 before the app (the test server throws).
                    return;
                }
                var target = parameters[slot % (parameters.Count + 1)];
                url = UrlOf(route.Endpoint, p => p == target ? encoded : HostileStrings.Escape(world.GoodRouteValue(route.Endpoint, p)));
            }
            else
            {
                var name = route.QueryNames[slot % route.QueryNames.Count];
                url = UrlOf(route.Endpoint, p => HostileStrings.Escape(world.GoodRouteValue(route.Endpoint, p))) + $"?{name}={encoded}";
            }
            using var response = await client.GetAsync(url);
            await AssertNoServerErrorAsync(response, "GET " + url);
        }

        // The corpus first: each string in every route value of every route, and in one of its query parameters.
        foreach (var route in routes)
        {
            var parameters = route.Endpoint.RoutePattern.Parameters.Count;
            for (var i = 0; i < HostileStrings.Corpus.Count; i++)
            {
                for (var parameter = 0; parameter < parameters; parameter++)
                {
                    await SendAsync(route, parameter, HostileStrings.Corpus[i]);
                }
                await SendAsync(route, parameters + (parameters + 1) * i, HostileStrings.Corpus[i]);
            }
            foreach (var value in RawEncoded)
            {
                await SendAsync(route, route.Endpoint.RoutePattern.Parameters.Count, value, raw: true);
            }
        }
        await Gen.Select(Gen.Int[0, routes.Count - 1], Gen.Int[0, 1000], HostileStrings.Generated)
            .SampleAsync((route, slot, value) => SendAsync(routes[route], slot, value), iter: 1_000_000, time: GeneratedSeconds, threads: 1);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Every_anonymous_JSON_write_answers_hostile_bodies_without_a_5xx_or_a_half_written_proposal(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        var world = await World.CreateAsync(app);
        var client = app.CreateBrowserlessClient();
        var writes = AnonymousEndpoints(app, HttpMethods.Post)
            .Where(e => e.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: not null } accepts && accepts.ContentTypes.Any(t => t.Contains("json", StringComparison.Ordinal)))
            .ToList();
        Assert.Contains(writes, e => e.RoutePattern.RawText == "/api/v1/dossier-proposals");

        async Task SendAsync(RouteEndpoint endpoint, int slot, string value, int mutation)
        {
            var url = UrlOf(endpoint, p => HostileStrings.Escape(world.GoodRouteValue(endpoint, p)));
            var body = JsonBodies.Good(endpoint.Metadata.GetMetadata<IAcceptsMetadata>()!.RequestType!);
            var leaves = JsonBodies.Leaves(body);
            HttpContent content;
            switch (mutation % 10)
            {
                case 0:
                    // The string outside any JSON: malformed bodies, bare values.
                    content = new StringContent(value, Encoding.UTF8, "application/json");
                    break;
                case 1 when leaves.Count > 0:
                    // A value of the wrong JSON type.
                    leaves[slot % leaves.Count].ReplaceWith(JsonBodies.WrongType(slot, value));
                    content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
                    break;
                case 2:
                    content = new ByteArrayContent([.. Encoding.UTF8.GetBytes("{\"x\":\""), 0xFF, 0xFE, 0xC0, 0xAF, .. Encoding.UTF8.GetBytes("\"}")]);
                    content.Headers.ContentType = new("application/json");
                    break;
                default:
                    if (leaves.Count > 0)
                    {
                        leaves[slot % leaves.Count].ReplaceWith(JsonValue.Create(value));
                    }
                    content = new StringContent(body.ToJsonString(JsonBodies.Escaping), Encoding.UTF8, "application/json");
                    break;
            }
            await world.AssertNothingHalfWrittenAsync(async () =>
            {
                using var response = await client.PostAsync(url, content);
                await AssertNoServerErrorAsync(response, $"POST {url} (mutation {mutation % 10}, slot {slot})");
                return response.StatusCode;
            });
        }

        foreach (var endpoint in writes)
        {
            for (var i = 0; i < HostileStrings.Corpus.Count; i++)
            {
                await SendAsync(endpoint, i, HostileStrings.Corpus[i], mutation: i % 4 == 0 ? i : 3);
            }
        }
        await Gen.Select(Gen.Int[0, writes.Count - 1], Gen.Int[0, 1000], HostileStrings.Generated, Gen.Int[0, 9])
            .SampleAsync((endpoint, slot, value, mutation) => SendAsync(writes[endpoint], slot, value, mutation), iter: 1_000_000, time: GeneratedSeconds, threads: 1);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Every_anonymous_form_answers_hostile_fields_and_file_names_without_a_5xx_or_a_half_written_proposal(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        var world = await World.CreateAsync(app);
        var client = app.CreateBrowserlessClient();
        var forms = new List<(string Page, HtmlForm Form)>();
        foreach (var endpoint in AnonymousEndpoints(app, HttpMethods.Get))
        {
            var page = UrlOf(endpoint, p => HostileStrings.Escape(world.GoodRouteValue(endpoint, p)));
            page += page.Contains("/campagnes/", StringComparison.Ordinal) ? "?territoire=42218" : "";
            using var response = await client.GetAsync(page);
            if (response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType == "text/html")
            {
                forms.AddRange(HtmlForms.PostForms(await response.Content.ReadAsStringAsync(), page)
                    .Where(f => f.Fields.Any(field => field.Key == "__RequestVerificationToken") && f.Fields.Count > 1)
                    .Select(f => (page, f)));
            }
        }
        Assert.Contains(forms, f => f.Page == "/observatoire/proposer");

        async Task SendAsync((string Page, HtmlForm Form) target, int slot, string value, bool multipart)
        {
            var form = target.Form;
            var editable = form.Fields.Where(f => f.Key != "__RequestVerificationToken").ToList();
            var fields = form.With(editable[slot % editable.Count].Key, value);
            HttpContent content;
            if (multipart || form.Multipart)
            {
                var parts = new MultipartFormDataContent { HeaderEncodingSelector = (_, _) => Encoding.UTF8 };
                foreach (var (name, text) in fields)
                {
                    parts.Add(new StringContent(text, Encoding.UTF8), name);
                }
                // An uploaded file whose name is the hostile string (the part header carries it raw, UTF-8).
                var file = new ByteArrayContent("%PDF-1.4\n"u8.ToArray());
                file.Headers.ContentType = new("application/pdf");
                file.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"fichier\"; filename=\"{value.Replace("\"", "", StringComparison.Ordinal)}\"");
                parts.Add(file);
                content = parts;
            }
            else
            {
                content = new StringContent(
                    string.Join('&', fields.Select(f => $"{HostileStrings.Escape(f.Key)}={HostileStrings.Escape(f.Value)}")),
                    Encoding.ASCII, "application/x-www-form-urlencoded");
            }
            await world.AssertNothingHalfWrittenAsync(async () =>
            {
                using var response = await client.PostAsync(form.Action, content);
                await AssertNoServerErrorAsync(response, $"POST {form.Action} from {target.Page}, field {editable[slot % editable.Count].Key}");
                return response.StatusCode;
            });
        }

        foreach (var target in forms)
        {
            for (var i = 0; i < HostileStrings.Corpus.Count; i++)
            {
                await SendAsync(target, i, HostileStrings.Corpus[i], multipart: i % 5 == 0);
            }
        }
        await Gen.Select(Gen.Int[0, forms.Count - 1], Gen.Int[0, 1000], HostileStrings.Generated, Gen.Bool)
            .SampleAsync((form, slot, value, multipart) => SendAsync(forms[form], slot, value, multipart), iter: 1_000_000, time: GeneratedSeconds, threads: 1);
    }

    private async Task<AppFactory> StartAsync(DatabaseProvider provider) =>
        new((await apps.GetAsync(provider)).Database, new Dictionary<string, string>
        {
            // Fuzzing sends thousands of public writes: the per-client limits would answer most with 429.
            ["Abuse:UnverifiedPerMinute"] = "1000000",
            ["Abuse:VerifiedPerMinute"] = "1000000",
        }, ownsDatabase: false);

    private static async Task AssertNoServerErrorAsync(HttpResponseMessage response, string request)
    {
        if ((int)response.StatusCode >= 500)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"{(int)response.StatusCode} for {request}: {body[..Math.Min(body.Length, 400)]} — add the string to Hardening/hostile-strings.txt once fixed");
        }
    }

    private sealed record GetRoute(RouteEndpoint Endpoint, List<string> QueryNames);

    private static List<RouteEndpoint> AnonymousEndpoints(AppFactory app, string method) =>
        [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods || methods.HttpMethods.Contains(method))
            .Where(e => e.Metadata.GetMetadata<IAuthorizeData>() is null || e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            // Static assets (hundreds of fixed files) and the OpenAPI document take no input.
            .Where(e => !e.Metadata.Any(m => m.GetType().Namespace?.StartsWith("Microsoft.AspNetCore.StaticAssets", StringComparison.Ordinal) == true))
            .Where(e => e.RoutePattern.RawText is not ("/healthz" or "/openapi/{documentName}.json"))
            .OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal)];

    private static List<string> QueryNames(RouteEndpoint endpoint)
    {
        var names = new HashSet<string>(KnownQueryNames, StringComparer.Ordinal);
        foreach (var parameter in endpoint.Metadata.OfType<IParameterBindingMetadata>())
        {
            if (!endpoint.RoutePattern.Parameters.Any(p => p.Name == parameter.Name))
            {
                names.Add(parameter.ParameterInfo.GetCustomAttribute<Microsoft.AspNetCore.Mvc.FromQueryAttribute>()?.Name ?? parameter.Name);
            }
        }
        return [.. names.Order(StringComparer.Ordinal)];
    }

    private static string UrlOf(RouteEndpoint endpoint, Func<RoutePatternParameterPart, string> value)
    {
        var url = new StringBuilder();
        foreach (var segment in endpoint.RoutePattern.PathSegments)
        {
            url.Append('/');
            foreach (var part in segment.Parts)
            {
                url.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter => value(parameter),
                    _ => "",
                });
            }
        }
        return url.Length == 0 ? "/" : url.ToString();
    }

    /// <summary>What the fuzzed requests need to reach real handlers: an existing dossier, and the row counts that refused requests must not change.</summary>
    private sealed class World(AppFactory app, int dossierId)
    {
        public static async Task<World> CreateAsync(AppFactory app)
        {
            var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
            var created = await TestAccounts.ClientWithToken(app, token)
                .PostAsJsonAsync("/api/v1/dossiers", Features.Observatoire.DossierApiTests.VsaDossier("Dossier à fuzzer"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            return new World(app, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32());
        }

        public string GoodRouteValue(RouteEndpoint endpoint, RoutePatternParameterPart parameter)
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            return parameter.Name switch
            {
                "slug" when pattern.Contains("fournisseurs", StringComparison.Ordinal) || pattern.Contains("vendors", StringComparison.Ordinal) => "vision-exemple-sas",
                "slug" => Campaign,
                "id" or "key" when pattern.Contains("dossiers", StringComparison.Ordinal) => dossierId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "key" when pattern.StartsWith("/departements", StringComparison.Ordinal) => "42",
                "key" when pattern.StartsWith("/regions", StringComparison.Ordinal) => "84",
                "key" when pattern.StartsWith("/epci", StringComparison.Ordinal) => "244200770",
                "key" or "insee" or "territory" => "42218",
                "language" => "en",
                "target" => "dossier",
                "sha256" => new string('0', 64),
                "file" when pattern.Contains("affiches", StringComparison.Ordinal) => "affiche-saint-etienne.png",
                "file" => "collectif-1.ics",
                "documentName" => "v1",
                _ => "1",
            };
        }

        /// <summary>Runs a request; when it is refused (4xx), the proposal, address, outbox and report tables must not have grown.</summary>
        public async Task AssertNothingHalfWrittenAsync(Func<Task<HttpStatusCode>> send)
        {
            var before = await CountsAsync();
            var status = await send();
            if ((int)status >= 400)
            {
                var after = await CountsAsync();
                Assert.True(before.SequenceEqual(after), $"{(int)status} but rows were written: {string.Join(",", before)} → {string.Join(",", after)} (proposals, addresses, outbox, reports)");
            }
        }

        private async Task<long[]> CountsAsync()
        {
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            return
            [
                await db.Set<Proposal>().LongCountAsync(),
                await db.Set<ContributorEmail>().LongCountAsync(),
                await db.OutboxMessages.LongCountAsync(),
                await db.Set<Report>().LongCountAsync(),
            ];
        }
    }
}

/// <summary>JSON bodies built from an endpoint's body type: plausible values by field name, so that a hostile value reaches deep checks.</summary>
internal static class JsonBodies
{
    /// <summary>Lone surrogates and control characters are written as \u escapes, as a client library would.</summary>
    public static readonly JsonSerializerOptions Escaping = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string Paragraph =
        "J'habite le quartier de Bellevue depuis vingt ans ; je refuse que mes enfants grandissent sous l'œil d'algorithmes qui décident de ce qui est « normal ».";

    public static JsonNode Good(Type type) => Value(type, "", 0) ?? new JsonObject();

    public static List<JsonNode> Leaves(JsonNode node)
    {
        var leaves = new List<JsonNode>();
        void Walk(JsonNode? current)
        {
            switch (current)
            {
                case JsonObject obj:
                    foreach (var (_, child) in obj.ToList())
                    {
                        Walk(child);
                    }
                    break;
                case JsonArray array:
                    foreach (var child in array.ToList())
                    {
                        Walk(child);
                    }
                    break;
                case JsonValue value:
                    leaves.Add(value);
                    break;
            }
        }
        Walk(node);
        return leaves;
    }

    public static JsonNode? WrongType(int slot, string value) => (slot % 5) switch
    {
        0 => JsonValue.Create(123456789012345L),
        1 => new JsonArray(JsonValue.Create(value)),
        2 => new JsonObject { ["x"] = value },
        3 => JsonValue.Create(true),
        _ => JsonValue.Create(1e300),
    };

    private static JsonNode? Value(Type type, string name, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return JsonValue.Create(GoodText(name));
        }
        if (type == typeof(bool))
        {
            return JsonValue.Create(false);
        }
        if (type.IsEnum || type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(decimal))
        {
            return JsonValue.Create(1);
        }
        if (type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return JsonValue.Create("2025-01-15");
        }
        if (type == typeof(JsonElement) || type == typeof(object) || depth > 3)
        {
            return new JsonObject();
        }
        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var element = type.IsArray ? type.GetElementType()! : type.GetGenericArguments().FirstOrDefault() ?? typeof(string);
            return new JsonArray(Value(element, Singular(name), depth + 1));
        }
        var body = new JsonObject();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || p.GetSetMethod(nonPublic: true) is not null || p.CanRead))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name is "EqualityContract")
            {
                continue;
            }
            var key = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (key is "departement" or "epci" or "id" or "sha256" or "snapshotSha256" or "fileSha256" or "flags" or "hidden" or "fictional" or "updatedAt" or "slug")
            {
                // Left out: a whole département's batch, files, or fields only moderators send.
                continue;
            }
            body[key] = Value(property.PropertyType, key, depth + 1);
        }
        return body;
    }

    private static string Singular(string name) => name.EndsWith('s') ? name[..^1] : name;

    private static string GoodText(string name) => name switch
    {
        "territory" or "territorie" or "code" => "42218",
        "title" => "Caméras de la place du marché",
        "senderName" or "publicName" or "reportedBy" or "mayor" or "cadaOfficer" => "Camille Dupont",
        "senderKind" => "individual",
        "senderCity" => "Saint-Étienne",
        "senderAddress" or "postalAddress" => "1 rue de la Paix, 42000 Saint-Étienne",
        "personalParagraph" or "summary" or "note" or "quote" or "comment" or "purposes" => Paragraph,
        "format" => "txt",
        "contributorEmail" or "email" or "contactEmail" => "camille@example.org",
        "url" or "sourceUrl" or "website" or "source" => "https://example.org/deliberation",
        "kind" => "commune",
        "technologie" => "vsa",
        "status" => "announced",
        "fact" => "status",
        "confidence" => "probable",
        "channel" => "email",
        "target" => "dossier",
        "reason" => "false-information",
        "template" => "cada-request",
        "name" or "authorityName" or "publisher" => "Ville de Saint-Étienne",
        _ when name.EndsWith("On", StringComparison.Ordinal) || name.EndsWith("Since", StringComparison.Ordinal) || name.Contains("date", StringComparison.OrdinalIgnoreCase) => "2025-01-15",
        _ => "texte",
    };
}
