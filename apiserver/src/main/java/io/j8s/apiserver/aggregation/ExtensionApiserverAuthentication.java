package io.j8s.apiserver.aggregation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.registry.Registries;
import io.j8s.apiserver.registry.Registry;
import io.j8s.apiserver.registry.WriteOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * The ConfigMap {@code kube-system/extension-apiserver-authentication} that upstream's API
 * server publishes for aggregated API servers: the client CA, and how to trust the front proxy's
 * request headers (its CA, allowed names, header names).
 */
public final class ExtensionApiserverAuthentication {
    static final String NAMESPACE = "kube-system";
    static final String NAME = "extension-apiserver-authentication";

    private ExtensionApiserverAuthentication() {}

    /** Creates the ConfigMap, or brings it up to date. */
    public static void publish(Registries registries, FrontProxy frontProxy) {
        Registry configMaps = registries.find("", "v1", "configmaps").orElseThrow();
        ObjectNode cm = Json.MAPPER.createObjectNode();
        cm.put("apiVersion", "v1").put("kind", "ConfigMap");
        cm.putObject("metadata").put("name", NAME).put("namespace", NAMESPACE);
        ObjectNode data = cm.putObject("data");
        try {
            data.put("client-ca-file", Files.readString(frontProxy.clientCaFile()));
            data.put("requestheader-client-ca-file",
                    Files.readString(frontProxy.requestHeaderCaFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CAs to publish: " + e.getMessage(), e);
        }
        data.put("requestheader-allowed-names", "[\"" + FrontProxy.CLIENT_NAME + "\"]");
        data.put("requestheader-username-headers", "[\"X-Remote-User\"]");
        data.put("requestheader-uid-headers", "[\"X-Remote-Uid\"]");
        data.put("requestheader-group-headers", "[\"X-Remote-Group\"]");
        data.put("requestheader-extra-headers-prefix", "[\"X-Remote-Extra-\"]");
        try {
            configMaps.create(NAMESPACE, cm, WriteOptions.DEFAULT);
        } catch (StatusException e) {
            if (!"AlreadyExists".equals(e.reason())) {
                throw e;
            }
            configMaps.patch(NAMESPACE, NAME, existing -> {
                existing.set("data", data.deepCopy());
                return existing;
            }, "", WriteOptions.DEFAULT);
        }
    }
}
