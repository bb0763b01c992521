namespace Contrevue.Infrastructure.Hosting;

/// <summary>
/// A feature's registration with the host: its services, its middleware, its endpoints and what it
/// prepares in the database at start-up. The host finds every implementation in the assembly
/// (<see cref="FeatureCatalog"/>) and never names one: a new feature is a folder with a class
/// implementing this.
/// </summary>
public interface IFeature
{
    /// <summary>
    /// Lower first, for everything the host does with features. Registration order is visible where a
    /// feature enumerates contributions (the sections of a data export, say); preparation order matters
    /// when one feature's start-up data needs another's (territories before anything keyed by them).
    /// </summary>
    int Order { get; }

    void AddServices(WebApplicationBuilder builder);

    /// <summary>Middleware the feature needs, added after the shared web pipeline and before abuse checks.</summary>
    void UseMiddleware(WebApplication app)
    {
    }

    void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }

    /// <summary>After migrations, at every start: load bundled data, fill empty indexes, seed.</summary>
    Task PrepareAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The features of this assembly, in their order.</summary>
public static class FeatureCatalog
{
    public static readonly IReadOnlyList<IFeature> All =
        [.. Instances<IFeature>().OrderBy(f => f.Order).ThenBy(f => f.GetType().FullName, StringComparer.Ordinal)];

    /// <summary>One instance of every class of this assembly implementing <typeparamref name="T"/> (features, CLI commands).</summary>
    public static IEnumerable<T> Instances<T>() where T : class =>
        typeof(T).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(T).IsAssignableFrom(t))
            .Select(t => (T)Activator.CreateInstance(t)!);
}
