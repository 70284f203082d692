package io.j8s.store.sqlite;

import io.j8s.store.StoreException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/** A fixed set of {@link ReadConnection}s that readers borrow one at a time. */
final class ReadPool implements AutoCloseable {

    /** A read to run on a borrowed connection. */
    interface Read<T> {
        T run(ReadConnection c) throws SQLException;
    }

    private final BlockingQueue<ReadConnection> idle;
    private final List<ReadConnection> all = new ArrayList<>();
    private final Path file;

    ReadPool(List<ReadConnection> connections, Path file) {
        this.idle = new ArrayBlockingQueue<>(connections.size(), false, connections);
        this.all.addAll(connections);
        this.file = file;
    }

    <T> T read(Read<T> read) {
        ReadConnection c;
        try {
            c = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting to read " + file);
        }
        try {
            return read.run(c);
        } catch (SQLException e) {
            throw new StoreException("reading " + file + " failed: "
                    + Schema.firstLine(e.getMessage()), e);
        } finally {
            idle.add(c);
        }
    }

    @Override
    public void close() {
        for (ReadConnection c : all) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
    }
}
