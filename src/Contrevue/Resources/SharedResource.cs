namespace Contrevue;

/// <summary>Marker for the shared string table; the keys are the French texts themselves.</summary>
public sealed class SharedResource;
