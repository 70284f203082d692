package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Where env values come from in the API: configMaps and secrets (decoded), read when needed. */
interface EnvSources {
    Optional<Map<String, String>> configMap(String namespace, String name);

    Optional<Map<String, String>> secret(String namespace, String name);

    /** The sources as the API holds them, through the kubelet's client. */
    static EnvSources of(KubernetesClient client) {
        return new EnvSources() {
            @Override
            public Optional<Map<String, String>> configMap(String namespace, String name) {
                ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name).get();
                if (cm == null) {
                    return Optional.empty();
                }
                Map<String, String> data = new LinkedHashMap<>();
                if (cm.getData() != null) {
                    data.putAll(cm.getData());
                }
                if (cm.getBinaryData() != null) {
                    cm.getBinaryData().forEach((k, v) -> data.putIfAbsent(k,
                            new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
                }
                return Optional.of(data);
            }

            @Override
            public Optional<Map<String, String>> secret(String namespace, String name) {
                Secret s = client.secrets().inNamespace(namespace).withName(name).get();
                if (s == null) {
                    return Optional.empty();
                }
                Map<String, String> data = new LinkedHashMap<>();
                if (s.getData() != null) {
                    s.getData().forEach((k, v) -> data.put(k,
                            new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
                }
                if (s.getStringData() != null) {
                    data.putAll(s.getStringData());
                }
                return Optional.of(data);
            }
        };
    }
}
