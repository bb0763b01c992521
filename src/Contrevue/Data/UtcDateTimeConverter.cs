using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Contrevue.Data;

/// <summary>
/// Every stored instant is UTC. SQLite forgets the kind on read and PostgreSQL's timestamptz refuses
/// anything else on write, so the kind is set explicitly both ways.
/// </summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value.ToUniversalTime(), DateTimeKind.Utc),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
