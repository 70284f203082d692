package io.j8s.store.etcd;

import io.j8s.store.StoreConformance;
import io.j8s.testkit.EtcdServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The store conformance suite against a real etcd, one server for the whole class. */
class EtcdStoreIT extends StoreConformance {
    private static EtcdServer etcd;

    @TempDir
    static Path dataDir;

    @BeforeAll
    static void startEtcd() {
        etcd = EtcdServer.start();
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Override
    protected String endpoint() {
        return etcd.endpoint();
    }

    @Override
    protected Path dataDir() {
        return dataDir;
    }
}
