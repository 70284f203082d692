package io.j8s.store.sqlite;

import io.j8s.store.CompactedException;
import io.j8s.store.FutureRevisionException;
import io.j8s.store.KeyValue;
import io.j8s.store.ListPage;
import io.j8s.store.WatchEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One reading connection and its prepared queries. Every read is one transaction, so that the
 * revision it reports and the rows it returns come from the same snapshot; the compaction revision is
 * read in that snapshot too, so a read never sees history that compaction has already removed.
 */
final class ReadConnection implements AutoCloseable {
    private static final String LIVE_AT = "SELECT key, MAX(rev) AS rev, deleted, create_rev FROM log"
            + " WHERE key >= ? AND key < ? AND rev <= ? GROUP BY key";

    private final Connection connection;
    private final PreparedStatement meta;
    private final PreparedStatement get;
    private final PreparedStatement listHead;
    private final PreparedStatement countHead;
    private final PreparedStatement listPast;
    private final PreparedStatement countPast;
    private final PreparedStatement events;

    ReadConnection(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(false);
        meta = connection.prepareStatement("SELECT"
                + " (SELECT value FROM meta WHERE name = 'revision'),"
                + " (SELECT value FROM meta WHERE name = 'compact_revision')");
        get = connection.prepareStatement("SELECT c.create_rev, c.mod_rev, l.value FROM current c"
                + " JOIN log l ON l.rev = c.mod_rev WHERE c.key = ?");
        listHead = connection.prepareStatement("SELECT c.key, c.create_rev, c.mod_rev, l.value"
                + " FROM current c JOIN log l ON l.rev = c.mod_rev"
                + " WHERE c.key >= ? AND c.key < ? ORDER BY c.key LIMIT ?");
        countHead = connection.prepareStatement(
                "SELECT count(*) FROM current WHERE key >= ? AND key < ?");
        listPast = connection.prepareStatement("SELECT v.key, v.create_rev, v.rev, l.value FROM ("
                + LIVE_AT + ") v JOIN log l ON l.rev = v.rev WHERE v.deleted = 0"
                + " ORDER BY v.key LIMIT ?");
        countPast = connection.prepareStatement(
                "SELECT count(*) FROM (" + LIVE_AT + ") v WHERE v.deleted = 0");
        events = connection.prepareStatement("SELECT l.rev, l.key, l.deleted, l.create_rev, l.value,"
                + " p.create_rev, p.rev, p.value FROM log l LEFT JOIN log p ON p.rev = l.prev_rev"
                + " WHERE l.rev > ? AND l.rev <= ? AND l.key >= ? AND l.key < ? ORDER BY l.rev");
    }

    Optional<KeyValue> get(String key) throws SQLException {
        try {
            get.setString(1, key);
            try (ResultSet r = get.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new KeyValue(key, r.getBytes(3), r.getLong(1), r.getLong(2)));
            }
        } finally {
            connection.commit();
        }
    }

    ListPage list(String prefix, long revision, int limit, String continueKey) throws SQLException {
        try {
            long[] revisions = readMeta();
            long current = revisions[0];
            long compacted = revisions[1];
            if (revision > current) {
                throw new FutureRevisionException(revision, current);
            }
            if (revision > 0 && revision < compacted) {
                throw new CompactedException(revision, compacted);
            }
            long at = revision == 0 ? current : revision;
            KeyRange range = KeyRange.of(prefix, continueKey);
            int fetch = limit <= 0 ? -1 : limit + 1;
            List<KeyValue> items = new ArrayList<>();
            PreparedStatement q = at == current ? listHead : listPast;
            q.setString(1, range.start());
            q.setString(2, range.end());
            if (q == listHead) {
                q.setInt(3, fetch);
            } else {
                q.setLong(3, at);
                q.setInt(4, fetch);
            }
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    items.add(new KeyValue(r.getString(1), r.getBytes(4), r.getLong(2), r.getLong(3)));
                }
            }
            if (limit <= 0 || items.size() <= limit) {
                return new ListPage(items, at, null, 0);
            }
            String next = items.remove(limit).key();
            PreparedStatement count = q == listHead ? countHead : countPast;
            count.setString(1, next);
            count.setString(2, range.end());
            if (count == countPast) {
                count.setLong(3, at);
            }
            long remaining;
            try (ResultSet r = count.executeQuery()) {
                remaining = r.next() ? r.getLong(1) : 0;
            }
            return new ListPage(items, at, next, remaining);
        } finally {
            connection.commit();
        }
    }

    /**
     * The events with revisions in {@code (after, upTo]} whose keys start with {@code prefix}.
     *
     * @throws CompactedException if {@code after} is older than the last compaction
     */
    List<WatchEvent> events(long after, long upTo, String prefix) throws SQLException {
        try {
            long compacted = readMeta()[1];
            if (after < compacted) {
                throw new CompactedException(after, compacted);
            }
            KeyRange range = KeyRange.of(prefix, null);
            events.setLong(1, after);
            events.setLong(2, upTo);
            events.setString(3, range.start());
            events.setString(4, range.end());
            List<WatchEvent> out = new ArrayList<>();
            try (ResultSet r = events.executeQuery()) {
                while (r.next()) {
                    out.add(event(r));
                }
            }
            return out;
        } finally {
            connection.commit();
        }
    }

    private static WatchEvent event(ResultSet r) throws SQLException {
        long rev = r.getLong(1);
        String key = r.getString(2);
        boolean deleted = r.getInt(3) != 0;
        long createRev = r.getLong(4);
        byte[] previousValue = r.getBytes(8);
        KeyValue previous = previousValue == null
                ? null
                : new KeyValue(key, previousValue, r.getLong(6), r.getLong(7));
        if (deleted) {
            if (previous == null) {
                previous = new KeyValue(key, new byte[0], createRev, rev);
            }
            return WatchEvent.delete(previous, rev);
        }
        return WatchEvent.put(new KeyValue(key, r.getBytes(5), createRev, rev), previous);
    }

    /** The revision and the compaction revision, as this read's snapshot sees them. */
    private long[] readMeta() throws SQLException {
        try (ResultSet r = meta.executeQuery()) {
            r.next();
            return new long[] {r.getLong(1), r.getLong(2)};
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
