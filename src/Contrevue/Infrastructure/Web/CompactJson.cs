using System.Text.Json;
using System.Text.Json.Serialization;

namespace Contrevue.Infrastructure.Web;

/// <summary>
/// JSON as the API writes it (camelCase names) without its null members: the form in which proposals
/// keep their data until a moderator decides, and in which dossiers keep their history.
/// </summary>
public static class CompactJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
