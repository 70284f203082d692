package io.j8s.apiserver.pki;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kubeconfig with one cluster and one context, both named {@value #NAME}, and the credentials
 * embedded as {@code *-data} fields so the file works wherever it is copied.
 */
final class Kubeconfig {
    static final String NAME = "j8s";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private Kubeconfig() {}

    static String render(String serverUrl, String user, String caPem, String certPem, String keyPem) {
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("server", serverUrl);
        cluster.put("certificate-authority-data", base64(caPem));
        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("client-certificate-data", base64(certPem));
        credentials.put("client-key-data", base64(keyPem));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("cluster", NAME);
        context.put("user", user);

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("apiVersion", "v1");
        config.put("kind", "Config");
        config.put("clusters", List.of(named(NAME, "cluster", cluster)));
        config.put("users", List.of(named(user, "user", credentials)));
        config.put("contexts", List.of(named(NAME, "context", context)));
        config.put("current-context", NAME);
        config.put("preferences", Map.of());
        try {
            return YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render kubeconfig", e);
        }
    }

    private static Map<String, Object> named(String name, String key, Map<String, Object> value) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put(key, value);
        return entry;
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
