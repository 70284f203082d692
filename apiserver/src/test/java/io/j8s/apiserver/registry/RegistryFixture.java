package io.j8s.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import org.assertj.core.api.AbstractThrowableAssert;

/**
 * A store on a temp dir with every registry over it, system namespaces and priority classes in
 * place, and objects written in JSON with single quotes for readability.
 */
final class RegistryFixture implements AutoCloseable {
    final Store store;
    final Registries registries;

    RegistryFixture(Path dir) {
        store = Store.builder().dataDir(dir).open();
        registries = new Registries(ResourceCatalogue.builtIn(), store, Clock.systemUTC());
        registries.ensureSystemNamespaces();
        registries.ensureSystemPriorityClasses();
    }

    Registry registry(String group, String version, String plural) {
        return registries.find(group, version, plural).orElseThrow();
    }

    static ObjectNode json(String singleQuoted) {
        return Json.tree(singleQuoted.replace('\'', '"')
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    ObjectNode create(String group, String version, String plural, String namespace,
            String body) {
        return registry(group, version, plural).create(namespace, json(body),
                WriteOptions.DEFAULT);
    }

    AbstractThrowableAssert<?, ? extends Throwable> createFails(String group, String version,
            String plural, String namespace, String body) {
        return assertThatThrownBy(() -> create(group, version, plural, namespace, body))
                .isInstanceOf(StatusException.class);
    }

    static String message(Throwable t) {
        return ((StatusException) t).status().getMessage();
    }

    @Override
    public void close() {
        store.close();
    }
}
