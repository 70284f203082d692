package io.j8s.apiserver.watchstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SharedEventJsonTest {
    @Test
    void oneChangeIsSerializedOnceAndEqualLookingObjectsAreNotConfused() {
        SharedEventJson shared = new SharedEventJson();
        ObjectNode pod = Json.MAPPER.createObjectNode();
        pod.putObject("metadata").put("name", "a").put("resourceVersion", "7");
        byte[] first = shared.event("MODIFIED", pod);
        assertThat(new String(first, StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"MODIFIED\",\"object\":{\"metadata\":{\"name\":\"a\","
                        + "\"resourceVersion\":\"7\"}}}");
        assertThat(shared.event("MODIFIED", pod)).isSameAs(first);
        assertThat(shared.event("DELETED", pod)).isNotSameAs(first);
        assertThat(shared.event("MODIFIED", pod.deepCopy())).as("another object, even if equal")
                .isNotSameAs(first).isEqualTo(first);
        for (int i = 0; i < 100; i++) {
            shared.event("ADDED", Json.MAPPER.createObjectNode());
        }
        assertThat(shared.event("MODIFIED", pod)).as("forgotten once old").isNotSameAs(first)
                .isEqualTo(first);
    }
}
