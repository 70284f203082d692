package io.j8s.store.sqlite;

import io.j8s.store.StoreConformance;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store conformance suite against the embedded SQLite backend. */
class SqliteStoreIT extends StoreConformance {
    @TempDir
    static Path dataDir;

    @Override
    protected String endpoint() {
        return "";
    }

    @Override
    protected Path dataDir() {
        return dataDir;
    }
}
