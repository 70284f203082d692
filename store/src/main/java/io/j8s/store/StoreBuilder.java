package io.j8s.store;

import io.j8s.store.etcd.EtcdStore;
import io.j8s.store.sqlite.SqliteStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Opens the {@link Store} that a datastore endpoint names, the k3s way: no endpoint means the
 * embedded SQLite database under the data directory; {@code http://host:2379[,http://host2:2379]}
 * means etcd. Either way a {@link Compactor} drops history older than the retention (5 minutes, as
 * upstream's API server does).
 */
public final class StoreBuilder {
    /** Where the embedded database lives, relative to the data directory. */
    public static final String SQLITE_FILE = "server/db/state.db";

    private String endpoint = "";
    private Path dataDir;
    private Duration retention = Duration.ofMinutes(5);
    private Duration connectTimeout = Duration.ofSeconds(10);

    StoreBuilder() {}

    /** The datastore endpoint; empty or null for the embedded SQLite database. */
    public StoreBuilder endpoint(String endpoint) {
        this.endpoint = endpoint == null ? "" : endpoint.trim();
        return this;
    }

    /** The j8s data directory; the SQLite database goes to {@value #SQLITE_FILE} below it. */
    public StoreBuilder dataDir(Path dataDir) {
        this.dataDir = dataDir;
        return this;
    }

    /** How much history to keep before compacting it away; {@link Duration#ZERO} turns it off. */
    public StoreBuilder retention(Duration retention) {
        this.retention = Objects.requireNonNull(retention);
        return this;
    }

    /** How long to wait for a remote datastore to answer before giving up. */
    public StoreBuilder connectTimeout(Duration connectTimeout) {
        this.connectTimeout = Objects.requireNonNull(connectTimeout);
        return this;
    }

    /**
     * Opens the store and waits until it answers.
     *
     * @throws StoreUnavailableException with a message for a person when the endpoint is malformed,
     *     unreachable, or the database cannot be used
     */
    public Store open() {
        Store store = openBackend();
        try {
            store.awaitReady(connectTimeout);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        if (retention.isZero()) {
            return store;
        }
        return new CompactingStore(store, retention);
    }

    private Store openBackend() {
        if (endpoint.isEmpty()) {
            if (dataDir == null) {
                throw new IllegalStateException("the embedded store needs a data directory");
            }
            return SqliteStore.open(dataDir.resolve(SQLITE_FILE));
        }
        return EtcdStore.connect(etcdEndpoints(endpoint), connectTimeout);
    }

    /** Parses a comma-separated list of {@code http://host:port} etcd endpoints. */
    static List<URI> etcdEndpoints(String endpoint) {
        List<URI> uris = new ArrayList<>();
        for (String part : endpoint.split(",")) {
            String s = part.trim();
            if (s.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                uri = new URI(s);
            } catch (URISyntaxException e) {
                throw new StoreUnavailableException("--datastore-endpoint '" + s
                        + "' is not a URL: use http://host:2379 for etcd, or leave it empty for the"
                        + " embedded SQLite database");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme();
            if (scheme.equals("https")) {
                throw new StoreUnavailableException("--datastore-endpoint '" + s + "': etcd over TLS"
                        + " is not supported yet; use http://host:2379");
            }
            if (!scheme.equals("http")) {
                throw new StoreUnavailableException("--datastore-endpoint '" + s + "' has an unknown"
                        + " scheme '" + scheme + "': use http://host:2379[,http://host2:2379] for"
                        + " etcd, or leave it empty for the embedded SQLite database");
            }
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new StoreUnavailableException("--datastore-endpoint '" + s + "' needs a host"
                        + " and a port, like http://127.0.0.1:2379");
            }
            uris.add(uri);
        }
        if (uris.isEmpty()) {
            throw new StoreUnavailableException("--datastore-endpoint '" + endpoint
                    + "' names no endpoint");
        }
        return uris;
    }
}
