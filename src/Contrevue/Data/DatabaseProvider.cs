namespace Contrevue.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
