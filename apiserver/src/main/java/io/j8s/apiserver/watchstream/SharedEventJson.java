package io.j8s.apiserver.watchstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The JSON of the watch events sent last, so that a thousand watches of one resource serialize a
 * change once rather than a thousand times: the watch cache hands every watch the same read-only
 * object, which is recognised here by identity.
 */
final class SharedEventJson {
    private static final int SLOTS = 64;

    private record Encoded(String type, ObjectNode object, byte[] json) {}

    private final AtomicReferenceArray<Encoded> recent = new AtomicReferenceArray<>(SLOTS);
    private final AtomicInteger next = new AtomicInteger();

    /** {@code {"type":..,"object":..}} for this event, serialized at most once while it is recent. */
    byte[] event(String type, ObjectNode object) {
        for (int i = 0; i < SLOTS; i++) {
            Encoded e = recent.get(i);
            if (e != null && e.object() == object && e.type().equals(type)) {
                return e.json();
            }
        }
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("type", type);
        event.set("object", object);
        byte[] json = Json.bytes(event);
        recent.set(Math.floorMod(next.getAndIncrement(), SLOTS), new Encoded(type, object, json));
        return json;
    }
}
