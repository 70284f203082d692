package io.j8s.apiserver.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListSpliceTest {
    private static ObjectNode head() {
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("kind", "PodList").put("apiVersion", "v1");
        list.putObject("metadata").put("resourceVersion", "42").put("continue", "x\"y");
        list.putArray("items");
        return list;
    }

    @Test
    void splicedItemsAreTheBytesOfTheWholeList() {
        for (int n : new int[] {0, 1, 3}) {
            ObjectNode whole = head();
            ArrayNode items = (ArrayNode) whole.get("items");
            List<byte[]> encoded = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ObjectNode pod = Json.MAPPER.createObjectNode();
                pod.putObject("metadata").put("name", "p" + i).put("note", "ü,]}");
                items.add(pod);
                encoded.add(Json.bytes(pod));
            }
            assertThat(new String(ApiHandler.spliceItems(Json.bytes(head()), encoded),
                    java.nio.charset.StandardCharsets.UTF_8)).as(n + " items")
                    .isEqualTo(new String(Json.bytes(whole), java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
