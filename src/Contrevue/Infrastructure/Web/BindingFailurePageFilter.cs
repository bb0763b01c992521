using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Contrevue.Infrastructure.Web;

/// <summary>
/// Razor Pages: a value that cannot become its field's type (a checkbox that is not a boolean, a
/// number that is not one) never comes from the page's own form, so the handler does not run on a
/// half-bound model: the visitor gets the French 400 page naming the field, as for a refused character.
/// Validation messages of text fields are not binding failures: handlers show those next to the field.
/// Only for writes (POST and the like).
/// </summary>
public sealed class BindingFailurePageFilter(IModelMetadataProvider metadata) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        // A mistyped address (?page=abc) still shows the page, which ignores the value: nothing is written on a GET.
        if (HttpMethods.IsGet(context.HttpContext.Request.Method) || HttpMethods.IsHead(context.HttpContext.Request.Method))
        {
            await next();
            return;
        }
        foreach (var (key, entry) in context.ModelState)
        {
            if (entry.Errors.Count > 0 && entry.RawValue is not null && IsConverted(context, key))
            {
                InputRule.MarkRefused(context.HttpContext, key, invalidValue: true);
                context.Result = new StatusCodeResult(StatusCodes.Status400BadRequest);
                return;
            }
        }
        await next();
    }

    /// <summary>Whether the model value at <paramref name="key"/> ("Form.Sources[0].Remove") is converted from text rather than kept as text.</summary>
    private bool IsConverted(PageHandlerExecutingContext context, string key)
    {
        var segments = key.Split('.');
        var root = segments[0].Split('[')[0];
        var type = context.HandlerMethod?.Parameters.FirstOrDefault(p => (p.BindingInfo?.BinderModelName ?? p.Name) == root)?.ParameterType
            ?? context.ActionDescriptor.BoundProperties.FirstOrDefault(p => (p.BindingInfo?.BinderModelName ?? p.Name) == root)?.ParameterType;
        if (type is null)
        {
            return false;
        }
        var model = Element(metadata.GetMetadataForType(type), segments[0]);
        foreach (var segment in segments.Skip(1))
        {
            var property = model.Properties[segment.Split('[')[0]];
            if (property is null)
            {
                return false;
            }
            model = Element(property, segment);
        }
        var leaf = Nullable.GetUnderlyingType(model.ModelType) ?? model.ModelType;
        return leaf != typeof(string) && (leaf.IsPrimitive || leaf.IsEnum || leaf == typeof(decimal) || leaf == typeof(DateOnly) || leaf == typeof(DateTime) || leaf == typeof(DateTimeOffset) || leaf == typeof(TimeOnly) || leaf == typeof(Guid));
    }

    /// <summary>"Sources[0]" names an element of a list: its metadata is the element's.</summary>
    private static ModelMetadata Element(ModelMetadata model, string segment) =>
        segment.Contains('[', StringComparison.Ordinal) && model.ElementMetadata is { } element ? element : model;
}
