package io.j8s.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.errors.StatusException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A patch that races another write: upstream retries it on the new object unless the patch
 * itself named a resourceVersion, which is then a precondition.
 */
class PatchRetryTest {
    @TempDir
    Path dir;
    private RegistryFixture k;
    private Registry configMaps;

    @BeforeEach
    void start() {
        k = new RegistryFixture(dir);
        k.create("", "v1", "configmaps", "default", "{'metadata':{'name':'c'},'data':{'a':'1'}}");
        configMaps = k.registry("", "v1", "configmaps");
    }

    @AfterEach
    void stop() {
        k.close();
    }

    /** Writes {@code key} through another patch the first time the outer patch is applied. */
    private void raceOnce(AtomicInteger calls, String key) {
        if (calls.getAndIncrement() == 0) {
            configMaps.patch("default", "c", o -> {
                ((ObjectNode) o.path("data")).put(key, "racer");
                return o;
            }, "", WriteOptions.DEFAULT);
        }
    }

    @Test
    void aPatchWithoutAResourceVersionIsRetriedOnTheObjectThatMovedUnderIt() {
        AtomicInteger calls = new AtomicInteger();
        ObjectNode patched = configMaps.patch("default", "c", o -> {
            raceOnce(calls, "b");
            ((ObjectNode) o.path("data")).put("a", "2");
            return o;
        }, "", WriteOptions.DEFAULT);

        assertThat(calls.get()).isEqualTo(2);
        assertThat(patched.path("data").path("a").asText()).isEqualTo("2");
        assertThat(patched.path("data").path("b").asText()).isEqualTo("racer");
    }

    @Test
    void aPatchThatNamesTheResourceVersionItSawConflictsWhenTheObjectMoved() {
        String seen = configMaps.get("default", "c").path("metadata").path("resourceVersion")
                .asText();
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> configMaps.patch("default", "c", o -> {
            raceOnce(calls, "b");
            ((ObjectNode) o.path("metadata")).put("resourceVersion", seen);
            ((ObjectNode) o.path("data")).put("a", "2");
            return o;
        }, "", WriteOptions.DEFAULT)).isInstanceOfSatisfying(StatusException.class,
                e -> assertThat(e.reason()).isEqualTo("Conflict"));
    }
}
