using System.Text;

namespace Contrevue.Features.Newsletter.Mailings;

/// <summary>
/// A mailing's audience in SQL, the same on SQLite and PostgreSQL: the confirmed subscribers on any of its
/// lists whose topics are none (every topic) or meet the mailing's (none: everyone on the lists). Set-based,
/// so that queuing 10,000 deliveries is one statement.
/// </summary>
internal static class MailingAudience
{
    public static (string Sql, object[] Parameters) InsertDeliveries(int mailingId, IReadOnlyList<string> lists, IReadOnlyList<string> topics, DateTime sendAt)
    {
        var parameters = new List<object> { mailingId, DateTime.SpecifyKind(sendAt, DateTimeKind.Utc) };
        var sql = new StringBuilder("""
            INSERT INTO newsletter_deliveries (mailing_id, subscriber_id, status, attempt_count, next_attempt_at)
            SELECT {0}, s.id, 'pending', 0, {1}
            """);
        sql.Append(From(lists, topics, parameters));
        return (sql.ToString(), [.. parameters]);
    }

    public static (string Sql, object[] Parameters) Count(IReadOnlyList<string> lists, IReadOnlyList<string> topics)
    {
        var parameters = new List<object>();
        var sql = "SELECT COUNT(*) AS \"Value\"" + From(lists, topics, parameters);
        return (sql, [.. parameters]);
    }

    private static string From(IReadOnlyList<string> lists, IReadOnlyList<string> topics, List<object> parameters)
    {
        var sql = new StringBuilder("""

            FROM newsletter_subscribers s
            WHERE s.status = 'confirmed'
              AND EXISTS (SELECT 1 FROM newsletter_subscriptions n WHERE n.subscriber_id = s.id AND n.list_code IN (
            """);
        sql.AppendJoin(", ", lists.Select(code => Parameter(parameters, code)));
        sql.Append("))");
        if (topics.Count > 0)
        {
            sql.Append("\n  AND (s.topics = ''");
            foreach (var topic in topics)
            {
                sql.Append(" OR ',' || s.topics || ',' LIKE ").Append(Parameter(parameters, "%," + topic + ",%"));
            }
            sql.Append(')');
        }
        return sql.ToString();
    }

    private static string Parameter(List<object> parameters, object value)
    {
        parameters.Add(value);
        return "{" + (parameters.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";
    }
}
