package io.j8s.apiserver.conversion;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Converts an object between the versions its kind is served at, as upstream's conversion
 * functions do through the internal version. The registry stores each resource at one version
 * (the first the catalogue lists for its storage prefix) and converts on every read and write
 * at another.
 */
public final class Conversions {
    private static final String HPA_V1 = "autoscaling/v1";
    private static final String HPA_V2 = "autoscaling/v2";
    private static final String CORE = "v1";
    private static final String EVENTS = "events.k8s.io/v1";

    private Conversions() {}

    /**
     * {@code object}, of the version its {@code apiVersion} names, at {@code apiVersion}; the
     * same object when the versions agree or the kind has no conversion.
     */
    public static ObjectNode convert(ObjectNode object, String apiVersion) {
        String from = object.path("apiVersion").asText("");
        String kind = object.path("kind").asText("");
        if (from.equals(apiVersion) || from.isEmpty()) {
            return object;
        }
        ObjectNode out = switch (kind) {
            case "HorizontalPodAutoscaler" -> {
                if (from.equals(HPA_V2) && apiVersion.equals(HPA_V1)) {
                    yield HorizontalPodAutoscalerConversion.toV1(object);
                }
                if (from.equals(HPA_V1) && apiVersion.equals(HPA_V2)) {
                    yield HorizontalPodAutoscalerConversion.toV2(object);
                }
                yield object;
            }
            case "Event" -> {
                if (from.equals(CORE) && apiVersion.equals(EVENTS)) {
                    yield EventConversion.toEventsV1(object);
                }
                if (from.equals(EVENTS) && apiVersion.equals(CORE)) {
                    yield EventConversion.toCore(object);
                }
                yield object;
            }
            default -> object;
        };
        out.put("apiVersion", apiVersion);
        return out;
    }
}
