namespace Contrevue.Infrastructure.Web;

/// <summary>A JSON list wrapped in an object (<c>{"items": [...]}</c>), so that it can grow fields later.</summary>
public sealed record ItemsOf<T>(IReadOnlyList<T> Items);
