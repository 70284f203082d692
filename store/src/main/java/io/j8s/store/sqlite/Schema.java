package io.j8s.store.sqlite;

import io.j8s.store.StoreUnavailableException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables of the database, and the checks that a file is one of ours before anything is written.
 *
 * <p>{@code log} holds every write: one row per revision, the value for a put, a tombstone for a
 * delete, and {@code prev_rev}, the revision the key had before (its previous value is that row).
 * {@code current} maps each live key to the revision of its latest row, so reads at the current
 * revision need no scan of history. {@code meta} holds the revision and the compaction revision.
 */
final class Schema {
    /** "J8S" plus a version byte, stamped into the file header. */
    static final int APPLICATION_ID = 0x4A385301;
    static final int VERSION = 1;

    private Schema() {}

    /**
     * Checks that the connection's database is empty (and creates the tables) or one of ours.
     * Reads before it writes, so that a file of something else is never changed.
     */
    static void prepare(Connection c, Path file) throws SQLException {
        int appId;
        int userVersion;
        int tables;
        try (Statement s = c.createStatement()) {
            appId = intOf(s, "PRAGMA application_id");
            userVersion = intOf(s, "PRAGMA user_version");
            tables = intOf(s, "SELECT count(*) FROM sqlite_master");
        } catch (SQLException e) {
            throw unreadable(file, e);
        }
        if (tables == 0 && appId == 0) {
            create(c);
            return;
        }
        if (appId != APPLICATION_ID) {
            throw new StoreUnavailableException("database " + file + " is not a j8s database (another"
                    + " program's SQLite file): move it away, or point --data-dir elsewhere");
        }
        if (userVersion > VERSION) {
            throw new StoreUnavailableException("database " + file + " has schema version "
                    + userVersion + ", newer than this j8s understands (" + VERSION + "): run the"
                    + " j8s release that wrote it");
        }
        if (userVersion < 1) {
            throw new StoreUnavailableException("database " + file + " has an unknown schema"
                    + " version " + userVersion + ": restore it from a backup or move it away");
        }
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA quick_check(1)")) {
            String verdict = r.next() ? r.getString(1) : "no answer";
            if (!"ok".equals(verdict)) {
                throw new StoreUnavailableException("database " + file + " is corrupt (" + verdict
                        + "): restore it from a backup, or move it away to start empty");
            }
        } catch (SQLException e) {
            throw unreadable(file, e);
        }
    }

    static StoreUnavailableException unreadable(Path file, SQLException e) {
        return new StoreUnavailableException("database " + file + " cannot be read ("
                + firstLine(e.getMessage()) + "): it is corrupt or not a database; restore it from"
                + " a backup, or move it away to start empty", e);
    }

    private static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            // Only takes effect before the first table: lets compaction give pages back to the disk.
            s.execute("PRAGMA auto_vacuum = INCREMENTAL");
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)"
                    + " WITHOUT ROWID");
            s.execute("INSERT INTO meta VALUES ('revision', 0), ('compact_revision', 0)");
            s.execute("CREATE TABLE log (rev INTEGER PRIMARY KEY, key TEXT NOT NULL,"
                    + " deleted INTEGER NOT NULL, create_rev INTEGER NOT NULL,"
                    + " prev_rev INTEGER NOT NULL, value BLOB)");
            s.execute("CREATE INDEX log_key_rev ON log (key, rev)");
            s.execute("CREATE TABLE current (key TEXT PRIMARY KEY, create_rev INTEGER NOT NULL,"
                    + " mod_rev INTEGER NOT NULL) WITHOUT ROWID");
            s.execute("PRAGMA application_id = " + APPLICATION_ID);
            s.execute("PRAGMA user_version = " + VERSION);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static int intOf(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
