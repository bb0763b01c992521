using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Contrevue.Infrastructure.Web;

/// <summary>
/// One rule at the edge for every text a request brings: route values, query string, form fields
/// (URL-encoded and multipart, uploaded file names included) and every string of a JSON body are
/// checked with <see cref="InputText"/> before any endpoint sees them. A refused value gets a French
/// 400 naming its field: problem details for the API, the « Requête refusée » page for browsers.
/// </summary>
/// <remarks>
/// A middleware rather than a JSON converter plus a value provider: one place covers minimal APIs and
/// Razor Pages alike, and the field can be named. It runs after routing (route values exist) and after
/// the public-write body cap (a form or JSON body is read within that cap), and it leaves the body
/// readable: the form is cached by the framework, a JSON body is kept in memory.
/// </remarks>
public static class InputRule
{
    public const string RefusedTitle = "Requête refusée : caractère interdit";
    public const string RefusedMessage = "Le champ « {0} » contient un caractère interdit (caractère de contrôle, non-caractère Unicode ou encodage invalide).";
    public const string InvalidValueMessage = "Le champ « {0} » a une valeur invalide.";
    public const string UnreadableFormMessage = "Le formulaire envoyé n'a pas pu être lu.";
    public const string TooLargeJsonTitle = "Contenu trop volumineux";
    public const string TooLargeJsonDetail = "Le JSON envoyé dépasse la taille permise ({0} Kio).";

    /// <summary>The largest JSON body read: far above any dossier or letter, far below the server's limit.</summary>
    public const int MaxJsonBytes = 1024 * 1024;

    private const string RefusalKey = "Contrevue.InputRule.Refusal";

    /// <summary>What was refused, for the error page: the field, and whether it held a refused character or an unreadable value.</summary>
    public sealed record Refusal(string Field, bool InvalidValue);

    public static WebApplication UseInputRule(this WebApplication app)
    {
        app.Use(CheckAsync);
        return app;
    }

    public static Refusal? RefusalOf(HttpContext context) => context.Items[RefusalKey] as Refusal;

    /// <summary>Marks the request refused; a browser then gets the error page (see <see cref="WebSetup"/>).</summary>
    public static void MarkRefused(HttpContext context, string field, bool invalidValue)
    {
        context.Items[RefusalKey] = new Refusal(DisplayName(field), invalidValue);
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
    }

    private static async Task CheckAsync(HttpContext context, RequestDelegate next)
    {
        // The error page itself, re-executed after a refusal.
        if (RefusalOf(context) is not null)
        {
            await next(context);
            return;
        }
        var request = context.Request;
        // A route value of white space only (/communes/%20) names nothing, and binds as null.
        if (request.RouteValues.Values.Any(value => value is string text && text.Length > 0 && string.IsNullOrWhiteSpace(text)))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var field = RefusedRouteOrQuery(request);
        if (field is null && request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(context.RequestAborted);
            }
            catch (InvalidDataException)
            {
                await RefuseAsync(context, "", UnreadableFormMessage);
                return;
            }
            field = RefusedFormField(form);
        }
        else if (field is null && request.HasJsonContentType())
        {
            if (request.ContentLength > MaxJsonBytes)
            {
                await TooLargeAsync(context);
                return;
            }
            var body = await ReadBoundedAsync(request, context.RequestAborted);
            if (body is null)
            {
                await TooLargeAsync(context);
                return;
            }
            request.Body = new MemoryStream(body, writable: false);
            field = RefusedJsonString(body);
        }
        if (field is null)
        {
            await next(context);
            return;
        }
        await RefuseAsync(context, field, RefusedMessage);
    }

    private static string? RefusedRouteOrQuery(HttpRequest request)
    {
        foreach (var (name, value) in request.RouteValues)
        {
            if (value is string text && !InputText.IsAcceptable(text, multiLine: false))
            {
                return name;
            }
        }
        foreach (var (name, values) in request.Query)
        {
            if (!InputText.IsAcceptable(name, multiLine: false))
            {
                return name;
            }
            foreach (var value in values)
            {
                if (value is not null && !InputText.IsAcceptable(value, multiLine: false))
                {
                    return name;
                }
            }
        }
        return null;
    }

    private static string? RefusedFormField(IFormCollection form)
    {
        foreach (var (name, values) in form)
        {
            if (!InputText.IsAcceptable(name, multiLine: false))
            {
                return name;
            }
            foreach (var value in values)
            {
                // Typed text: a paragraph or a note has its line breaks.
                if (value is not null && !InputText.IsAcceptable(value, multiLine: true))
                {
                    return name;
                }
            }
        }
        foreach (var file in form.Files)
        {
            if (!InputText.IsAcceptable(file.Name, multiLine: false) || !InputText.IsAcceptable(file.FileName, multiLine: false))
            {
                return file.Name;
            }
        }
        return null;
    }

    /// <summary>The body, or null when it is larger than <see cref="MaxJsonBytes"/> (sent without a length).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxJsonBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>The path of the first refused string (property names included), or null; malformed JSON is left to the endpoint's own 400.</summary>
    private static string? RefusedJsonString(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
        using (document)
        {
            return RefusedIn(document.RootElement, "")
                // The reader turns an escaped lone surrogate (\ud800) into U+FFFD: found in the raw text instead, in a property name.
                ?? (HasLoneSurrogateEscape(System.Text.Encoding.UTF8.GetString(body)) ? "$" : null);
        }
    }

    /// <summary>Whether JSON text escapes a surrogate that is not half of a pair (\ud800 alone, \udc00 first).</summary>
    private static bool HasLoneSurrogateEscape(ReadOnlySpan<char> json)
    {
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] != '\\')
            {
                continue;
            }
            if (!TryEscapedUnit(json, i, out var unit))
            {
                // Any other escape (\\, \") covers the next character too.
                i++;
                continue;
            }
            i += 5;
            if (char.IsHighSurrogate(unit))
            {
                if (!TryEscapedUnit(json, i + 1, out var low) || !char.IsLowSurrogate(low))
                {
                    return true;
                }
                i += 6;
            }
            else if (char.IsLowSurrogate(unit))
            {
                return true;
            }
        }
        return false;
    }

    private static bool TryEscapedUnit(ReadOnlySpan<char> json, int at, out char unit)
    {
        unit = '\0';
        if (at + 5 >= json.Length || json[at] != '\\' || json[at + 1] != 'u'
            || !ushort.TryParse(json.Slice(at + 2, 4), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }
        unit = (char)value;
        return true;
    }

    private static string? RefusedIn(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Readable(element, out var text) && InputText.IsAcceptable(text, multiLine: true) && !HasLoneSurrogateEscape(element.GetRawText())
                    ? null
                    : PathOrRoot(path);
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return PathOrRoot(path);
                    }
                    var propertyPath = path.Length == 0 ? name : $"{path}.{name}";
                    if (!InputText.IsAcceptable(name, multiLine: false))
                    {
                        return propertyPath;
                    }
                    if (RefusedIn(property.Value, propertyPath) is { } refused)
                    {
                        return refused;
                    }
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (RefusedIn(item, $"{path}[{index++}]") is { } refused)
                    {
                        return refused;
                    }
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>A string escaping a lone surrogate (\ud800) cannot be read as UTF-16 text.</summary>
    private static bool Readable(JsonElement element, out string text)
    {
        try
        {
            text = element.GetString() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    private static string PathOrRoot(string path) => path.Length == 0 ? "$" : path;

    /// <summary>A field name as it may be shown and logged: its own refused characters replaced, its length bounded.</summary>
    private static string DisplayName(string field)
    {
        var safe = InputText.Sanitize(field);
        return safe.Length > 100 ? safe[..100] + "…" : safe;
    }

    private static async Task RefuseAsync(HttpContext context, string field, string message)
    {
        if (!WantsProblemDetails(context.Request))
        {
            MarkRefused(context, field, invalidValue: message != RefusedMessage);
            return;
        }
        var text = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var name = DisplayName(field);
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [name] = [text[message, name]] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = text[RefusedTitle],
            },
        });
    }

    private static async Task TooLargeAsync(HttpContext context)
    {
        var text = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = text[TooLargeJsonTitle],
                Detail = text[TooLargeJsonDetail, MaxJsonBytes / 1024],
            },
        });
    }

    private static bool WantsProblemDetails(HttpRequest request) =>
        WebSetup.IsApiRequest(request) || request.HasJsonContentType();
}
