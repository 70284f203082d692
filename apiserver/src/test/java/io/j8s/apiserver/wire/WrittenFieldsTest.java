package io.j8s.apiserver.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.api.codec.Json;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WrittenFieldsTest {
    /** A misspelt field would add a field upstream never writes. */
    @Test
    void everyEntryNamesAPropertyOfItsModelClass() {
        for (Class<?> type : WrittenFields.types()) {
            Set<String> properties = Json.MAPPER.getDeserializationConfig()
                    .introspect(Json.MAPPER.constructType(type)).findProperties().stream()
                    .map(p -> p.getName()).collect(Collectors.toSet());
            assertThat(properties).as(type.getName())
                    .containsAll(WrittenFields.of(type).keySet());
        }
    }
}
