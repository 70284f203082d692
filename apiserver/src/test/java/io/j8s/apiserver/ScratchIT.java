package io.j8s.apiserver;

import io.j8s.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScratchIT {
    @Test
    void run() throws Exception {
        Path dir = Files.createTempDirectory("j8s-scratch");
        try (Store store = Store.builder().dataDir(dir).open();
                ApiServer server = ApiServer.builder().store(store).host("127.0.0.1").port(0).start()) {
            Files.writeString(Path.of("/tmp/scratch-port"), "" + server.port());
            Thread.sleep(Long.parseLong(System.getProperty("scratch.ms", "120000")));
        }
    }
}
