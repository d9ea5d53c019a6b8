package dev.ballast.control.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link Store}: one SQLite file ({@code ballast.db}) under the data directory, in WAL mode with
 * {@code synchronous=FULL} so that a commit is on disk before {@link #commit} returns and survives {@code kill -9}
 * or a power cut. Besides the key/value table it keeps a bounded log of recent changes so that a watch can start
 * from a past revision.
 *
 * <p>Thread-safe: every database access is serialised on one connection; watchers are called on the committing
 * thread, after the transaction is durable.
 */
public final class SqliteStore implements Store {
    /** How many past revisions the change log keeps for watches that start in the past. */
    static final int LOG_RETENTION = 1000;
    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);

    private final Connection connection;
    private final List<Consumer<StoreChange>> watchers = new CopyOnWriteArrayList<>();
    private long revision;

    private SqliteStore(Connection connection) throws SQLException {
        this.connection = connection;
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
                    + "mod_revision INTEGER NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS change_log (revision INTEGER NOT NULL, seq INTEGER NOT NULL, "
                    + "key TEXT NOT NULL, value TEXT, PRIMARY KEY (revision, seq))");
            s.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
            s.execute("INSERT OR IGNORE INTO meta (name, value) VALUES ('revision', 0)");
            try (ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE name = 'revision'")) {
                rs.next();
                revision = rs.getLong(1);
            }
        }
        connection.setAutoCommit(false);
        connection.commit();
    }

    /** Opens (creating if needed) the store in directory {@code dataDir}. */
    public static SqliteStore open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("ballast.db").toAbsolutePath());
            SqliteStore store = new SqliteStore(c);
            log.info("store {} opened at revision {}", dataDir.resolve("ballast.db"), store.revision);
            return store;
        } catch (Exception e) {
            throw new StoreException("data-dir: " + dataDir + " (expected: a writable directory for ballast.db): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Opens the store in {@code dataDir} readable by this user only: the directory {@code 0700} and the database
     * with its WAL files {@code 0600} (SQLite gives the WAL and shared-memory files the database file's mode). For
     * stores that hold secrets such as private keys.
     */
    public static SqliteStore openPrivate(Path dataDir) {
        try {
            Set<PosixFilePermission> ownerDir = PosixFilePermissions.fromString("rwx------");
            Set<PosixFilePermission> ownerFile = PosixFilePermissions.fromString("rw-------");
            Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(ownerDir));
            Files.setPosixFilePermissions(dataDir, ownerDir);
            Path db = dataDir.resolve("ballast.db");
            if (!Files.exists(db)) {
                Files.createFile(db, PosixFilePermissions.asFileAttribute(ownerFile));
            }
            for (String name : List.of("ballast.db", "ballast.db-wal", "ballast.db-shm")) {
                Path file = dataDir.resolve(name);
                if (Files.exists(file)) {
                    Files.setPosixFilePermissions(file, ownerFile);
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new StoreException("data-dir: " + dataDir + " (expected: a directory this user can make private): "
                    + e.getMessage(), e);
        }
        return open(dataDir);
    }

    @Override
    public synchronized StoreContents read(String prefix) {
        List<StoreRecord> records = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT key, value, mod_revision FROM kv WHERE substr(key, 1, ?) = ? ORDER BY key")) {
            ps.setInt(1, prefix.length());
            ps.setString(2, prefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.add(new StoreRecord(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new StoreException("read " + prefix + ": " + e.getMessage(), e);
        }
        return new StoreContents(revision, records);
    }

    @Override
    public long commit(long expectedRevision, List<Mutation> mutations) {
        StoreChange change;
        synchronized (this) {
            if (expectedRevision != revision) {
                throw new StoreConflictException(expectedRevision, revision);
            }
            long next = revision + 1;
            try {
                writeTransaction(next, mutations);
                connection.commit();
            } catch (SQLException e) {
                rollbackQuietly();
                throw new StoreException("commit revision " + next + ": " + e.getMessage(), e);
            }
            revision = next;
            change = new StoreChange(next, mutations);
        }
        watchers.forEach(w -> w.accept(change));
        return change.revision();
    }

    private void writeTransaction(long next, List<Mutation> mutations) throws SQLException {
        try (PreparedStatement put = connection.prepareStatement(
                "INSERT INTO kv (key, value, mod_revision) VALUES (?, ?, ?) "
                        + "ON CONFLICT(key) DO UPDATE SET value = excluded.value, mod_revision = excluded.mod_revision");
             PreparedStatement delete = connection.prepareStatement("DELETE FROM kv WHERE key = ?");
             PreparedStatement logged = connection.prepareStatement(
                     "INSERT INTO change_log (revision, seq, key, value) VALUES (?, ?, ?, ?)");
             PreparedStatement meta = connection.prepareStatement("UPDATE meta SET value = ? WHERE name = 'revision'");
             PreparedStatement trim = connection.prepareStatement("DELETE FROM change_log WHERE revision <= ?")) {
            int seq = 0;
            for (Mutation m : mutations) {
                String value = null;
                if (m instanceof Mutation.Put p) {
                    put.setString(1, p.key());
                    put.setString(2, p.value());
                    put.setLong(3, next);
                    put.executeUpdate();
                    value = p.value();
                } else {
                    delete.setString(1, m.key());
                    delete.executeUpdate();
                }
                logged.setLong(1, next);
                logged.setInt(2, seq++);
                logged.setString(3, m.key());
                logged.setString(4, value);
                logged.executeUpdate();
            }
            meta.setLong(1, next);
            meta.executeUpdate();
            trim.setLong(1, next - LOG_RETENTION);
            trim.executeUpdate();
        }
    }

    @Override
    public AutoCloseable watch(long afterRevision, Consumer<StoreChange> watcher) {
        synchronized (this) {
            replay(afterRevision).forEach(watcher);
            watchers.add(watcher);
        }
        return () -> watchers.remove(watcher);
    }

    private List<StoreChange> replay(long afterRevision) {
        List<StoreChange> changes = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT revision, key, value FROM change_log WHERE revision > ? ORDER BY revision, seq")) {
            ps.setLong(1, afterRevision);
            long current = -1;
            List<Mutation> batch = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long rev = rs.getLong(1);
                    if (rev != current && !batch.isEmpty()) {
                        changes.add(new StoreChange(current, batch));
                        batch = new ArrayList<>();
                    }
                    current = rev;
                    String value = rs.getString(3);
                    batch.add(value == null ? new Mutation.Delete(rs.getString(2))
                            : new Mutation.Put(rs.getString(2), value));
                }
            }
            if (!batch.isEmpty()) {
                changes.add(new StoreChange(current, batch));
            }
            connection.commit();
        } catch (SQLException e) {
            throw new StoreException("watch from revision " + afterRevision + ": " + e.getMessage(), e);
        }
        return changes;
    }

    /** The latest committed revision. */
    public synchronized long revision() {
        return revision;
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            log.warn("rollback failed: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        watchers.clear();
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("closing the store: {}", e.getMessage());
        }
    }
}
