package io.j8s.apiserver.fields;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DuplicateFieldsTest {
    @Test
    void findsRepeatedFieldsInJsonWithTheirPath() {
        String json = "{\"kind\":\"Deployment\",\"spec\":{\"replicas\":1,\"replicas\":2,"
                + "\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\"},"
                + "{\"name\":\"b\",\"name\":\"c\"}]}}},\"kind\":\"Deployment\"}";
        assertThat(DuplicateFields.find(json.getBytes(StandardCharsets.UTF_8), false))
                .containsExactly("spec.replicas", "spec.template.spec.containers[1].name", "kind");
    }

    @Test
    void findsRepeatedFieldsInYamlAndNoneInAnOrdinaryBody() {
        String yaml = "metadata:\n  name: a\n  labels:\n    x: y\ndata:\n  a: b\n";
        assertThat(DuplicateFields.find(yaml.getBytes(StandardCharsets.UTF_8), true)).isEmpty();
        String twice = "metadata:\n  name: a\ndata:\n  a: b\n  a: c\n";
        assertThat(DuplicateFields.find(twice.getBytes(StandardCharsets.UTF_8), true))
                .containsExactly("data.a");
    }
}
