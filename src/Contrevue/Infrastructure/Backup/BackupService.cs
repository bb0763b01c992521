using System.Data;
using System.IO.Compression;
using Contrevue.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Infrastructure.Backup;

public sealed record BackupResult(BackupManifest Manifest, bool Encrypted, long Bytes);

/// <summary>
/// <c>backup create</c> and <c>backup restore</c>: a consistent copy of the running instance's
/// database, optionally sealed with a passphrase, and its restoration onto an empty database.
/// Everything in clear (the SQLite snapshot, the decrypted archive) stays in a private temporary
/// folder (mode 0700) removed at the end.
/// </summary>
public sealed class BackupService(IServiceProvider services, IConfiguration configuration, TimeProvider time)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public async Task<BackupResult> CreateAsync(string destination, string? passphrase, bool overwrite, CancellationToken cancellationToken)
    {
        destination = Path.GetFullPath(destination);
        if (File.Exists(destination) && !overwrite)
        {
            throw new BackupException($"{destination} existe déjà : choisissez un autre nom, ou --force pour le remplacer.");
        }
        if (passphrase is not null && passphrase.Length < BackupEncryption.MinPassphraseLength)
        {
            throw new BackupException($"La phrase de passe doit compter au moins {BackupEncryption.MinPassphraseLength} caractères.");
        }
        var folder = Path.GetDirectoryName(destination)!;
        if (!Directory.Exists(folder))
        {
            throw new BackupException($"Le dossier {folder} n'existe pas.");
        }

        var work = Directory.CreateTempSubdirectory("contrevue-backup-");
        var partial = Path.Combine(folder, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.partiel");
        try
        {
            var zipPath = Path.Combine(work.FullName, "sauvegarde.zip");
            BackupManifest manifest;
            await using (var zipFile = CreatePrivateFile(zipPath))
            {
                manifest = await DumpAsync(zipFile, work.FullName, cancellationToken);
            }
            await using (var output = CreatePrivateFile(partial))
            {
                if (passphrase is null)
                {
                    await using var zip = File.OpenRead(zipPath);
                    await zip.CopyToAsync(output, cancellationToken);
                }
                else
                {
                    await BackupEncryption.EncryptAsync(zipPath, output, passphrase, cancellationToken);
                }
                await output.FlushAsync(cancellationToken);
                output.Flush(flushToDisk: true);
            }
            // Never a half-written archive under the final name.
            File.Move(partial, destination, overwrite);
            return new BackupResult(manifest, passphrase is not null, new FileInfo(destination).Length);
        }
        finally
        {
            File.Delete(partial);
            work.Delete(recursive: true);
        }
    }

    /// <summary>Reads the database in one consistent state: an online-backup copy for SQLite, a snapshot transaction for PostgreSQL.</summary>
    private async Task<BackupManifest> DumpAsync(Stream zip, string work, CancellationToken cancellationToken)
    {
        var provider = DatabaseSetup.ReadProvider(configuration);
        var connectionString = DatabaseSetup.ReadConnectionString(configuration, provider);
        if (provider == DatabaseProvider.Sqlite)
        {
            var source = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWrite };
            if (!File.Exists(source.DataSource))
            {
                throw new BackupException($"Aucune base SQLite à sauvegarder : {source.DataSource} n'existe pas.");
            }
            var snapshot = Path.Combine(work, "instantane.db");
            await using (var live = new SqliteConnection(source.ToString()))
            await using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = snapshot, Pooling = false }.ToString()))
            {
                await live.OpenAsync(cancellationToken);
                await copy.OpenAsync(cancellationToken);
                // SQLite's online backup: a consistent copy while the site keeps writing.
                live.BackupDatabase(copy);
            }
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(snapshot, OwnerOnly);
            }
            var options = new DbContextOptionsBuilder<ContrevueDbContext>();
            DatabaseSetup.Configure(options, DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = snapshot, Pooling = false }.ToString());
            await using var db = new ContrevueDbContext(options.Options);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            return await DumpFromAsync(db, zip, cancellationToken);
        }
        await using var scope = services.CreateAsyncScope();
        var postgres = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        // One snapshot for every table: rows written meanwhile are either all in or all out.
        await using var snapshotTransaction = await postgres.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await postgres.Database.ExecuteSqlRawAsync("SET TRANSACTION READ ONLY", cancellationToken);
        return await DumpFromAsync(postgres, zip, cancellationToken);
    }

    private async Task<BackupManifest> DumpFromAsync(ContrevueDbContext db, Stream zip, CancellationToken cancellationToken)
    {
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).LastOrDefault();
        var latest = db.Database.GetMigrations().LastOrDefault();
        if (applied is null)
        {
            throw new BackupException("La base ne contient pas encore de données de Contrevue (aucune migration appliquée) : rien à sauvegarder.");
        }
        if (applied != latest)
        {
            throw new BackupException($"La base est au schéma {applied}, cette version de Contrevue au schéma {latest} : sauvegardez avec la version qui sert le site, ou lancez d'abord « migrate ».");
        }
        return await DatabaseDump.WriteAsync(db, zip, applied, time.GetUtcNow(), cancellationToken);
    }

    public async Task<(BackupManifest Manifest, IReadOnlyDictionary<string, long> Counts)> RestoreAsync(
        string source, string? passphrase, bool replace, CancellationToken cancellationToken)
    {
        source = Path.GetFullPath(source);
        if (!File.Exists(source))
        {
            throw new BackupException($"{source} n'existe pas.");
        }
        var work = Directory.CreateTempSubdirectory("contrevue-restore-");
        try
        {
            var zipPath = source;
            if (BackupEncryption.IsEncrypted(source))
            {
                if (passphrase is null)
                {
                    throw new BackupException("Cette sauvegarde est chiffrée : donnez sa phrase de passe par --passphrase-file FICHIER ou la variable d'environnement CONTREVUE_BACKUP_PASSPHRASE.");
                }
                zipPath = Path.Combine(work.FullName, "sauvegarde.zip");
                // Decrypted (and so authenticated) whole before anything in it is read.
                await using var plain = CreatePrivateFile(zipPath);
                await BackupEncryption.DecryptAsync(source, plain, passphrase, cancellationToken);
            }

            await using var archive = File.OpenRead(zipPath);
            ZipArchive zip;
            try
            {
                zip = new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true);
            }
            catch (InvalidDataException)
            {
                throw new BackupException("Ce fichier n'est pas une sauvegarde de Contrevue, ou elle est endommagée (archive illisible).");
            }
            using (zip)
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
                var manifest = await DatabaseDump.VerifyAsync(zip, db, cancellationToken);
                await db.Database.MigrateAsync(cancellationToken);
                var occupied = await DatabaseDump.NonEmptyTablesAsync(db, cancellationToken);
                if (occupied.Count > 0 && !replace)
                {
                    throw new BackupException(
                        $"La base de destination n'est pas vide ({string.Join(", ", occupied.Take(5))}{(occupied.Count > 5 ? "…" : "")}) : " +
                        "restaurez dans une base neuve (avant le premier démarrage du site), ou --force pour tout remplacer par la sauvegarde.");
                }
                var counts = await DatabaseDump.RestoreAsync(db, zip, manifest, replace && occupied.Count > 0, cancellationToken);
                // Search indexes and the like are no tables of the model: built again from the restored rows.
                foreach (var rebuilder in scope.ServiceProvider.GetServices<IRestoredDataRebuilder>())
                {
                    await rebuilder.RebuildAsync(cancellationToken);
                }
                return (manifest, counts);
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static FileStream CreatePrivateFile(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }
        return new FileStream(path, options);
    }
}
