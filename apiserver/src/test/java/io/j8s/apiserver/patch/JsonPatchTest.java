package io.j8s.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JSON patch against the RFC 6902 test cases (json-patch-tests and the RFC's appendix), with the
 * answers upstream's library (evanphx/json-patch v4) gives where it departs from the RFC, and
 * upstream's own departures ({@code json-patch-cases.json}, field {@code upstream} says why).
 */
class JsonPatchTest {

    static List<Arguments> cases() throws IOException {
        try (InputStream in = JsonPatchTest.class.getResourceAsStream("json-patch-cases.json")) {
            List<Arguments> out = new ArrayList<>();
            for (JsonNode c : Json.MAPPER.readTree(in)) {
                out.add(Arguments.of(c.get("name").asText(), c));
            }
            return out;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void appliesAsUpstream(String name, JsonNode c) {
        if (c.path("fails").asBoolean()) {
            assertThatThrownBy(() -> JsonPatch.apply(c.get("doc"), c.get("patch")))
                    .isInstanceOfSatisfying(StatusException.class, e -> {
                        assertThat(e.code()).isEqualTo(422);
                        assertThat(e.reason()).isEqualTo("Invalid");
                        assertThat(e.getMessage()).isEqualTo(PatchError.REJECTED);
                        assertThat(Json.MAPPER.valueToTree(e.status()).get("details"))
                                .isEqualTo(Json.MAPPER.createObjectNode());
                    });
        } else {
            JsonNode doc = c.get("doc").deepCopy();
            assertThat(JsonPatch.apply(doc, c.get("patch"))).isEqualTo(c.get("result"));
            assertThat(doc).isEqualTo(c.get("doc"));
        }
    }

    @Test
    void aPatchThatIsNoListOfOperationsIsABadRequest() throws IOException {
        JsonNode doc = Json.MAPPER.readTree("{}");
        assertThatThrownBy(() -> JsonPatch.apply(doc, Json.MAPPER.readTree("{\"op\":\"add\"}")))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("json: cannot unmarshal object into Go"
                            + " value of type jsonpatch.Patch");
                });
        assertThatThrownBy(() -> JsonPatch.apply(doc, Json.MAPPER.readTree("[1]")))
                .isInstanceOfSatisfying(StatusException.class,
                        e -> assertThat(e.code()).isEqualTo(400));
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i <= JsonPatch.MAX_OPERATIONS; i++) {
            many.append(i == 0 ? "" : ",").append("{\"op\":\"test\",\"path\":\"\",\"value\":{}}");
        }
        assertThatThrownBy(() -> JsonPatch.apply(doc, Json.MAPPER.readTree(many + "]")))
                .isInstanceOfSatisfying(StatusException.class,
                        e -> assertThat(e.code()).isEqualTo(413));
    }
}
