namespace Contrevue.Infrastructure;

/// <summary>
/// Marks a type that other features may name: an extension point they implement (a territory page panel,
/// a proposal publisher…) or a contract they call (the territory lookups, the moderation queue's entry).
/// Anything else in a feature is its own business; the architecture test
/// (<c>tests/Contrevue.Tests/Architecture</c>) fails when another feature names it.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface | AttributeTargets.Struct | AttributeTargets.Enum, Inherited = false)]
public sealed class SeamAttribute : Attribute;
