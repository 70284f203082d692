package io.j8s.apiserver.conversion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One HPA metric between {@code autoscaling/v2}'s form ({@code metric}, {@code target},
 * {@code current}, {@code describedObject}) and the flat form {@code autoscaling/v1} keeps in its
 * annotations ({@code metricName}, {@code targetAverageValue}, {@code currentValue}, ...), field
 * for field as upstream's {@code autoscaling/v1} conversion functions.
 */
final class MetricConversion {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private MetricConversion() {}

    /** A v2 MetricSpec as a v1 MetricSpec. */
    static ObjectNode specToV1(JsonNode v2) {
        return toV1(v2, "target");
    }

    /** A v2 MetricStatus as a v1 MetricStatus. */
    static ObjectNode statusToV1(JsonNode v2) {
        return toV1(v2, "current");
    }

    /**
     * A v2 metric in v1's flat form: a spec's {@code target} becomes {@code targetValue},
     * {@code targetAverageValue}, ..., a status's {@code current} becomes {@code currentValue}, ...
     */
    private static ObjectNode toV1(JsonNode v2, String side) {
        ObjectNode o = NODES.objectNode();
        o.set("type", v2.get("type"));
        for (String kind : new String[] {"resource", "containerResource"}) {
            JsonNode r = v2.path(kind);
            if (r.isObject()) {
                ObjectNode res = o.putObject(kind);
                copy(r, "name", res, "name");
                copy(r.path(side), "averageUtilization", res, side + "AverageUtilization");
                copy(r.path(side), "averageValue", res, side + "AverageValue");
                if (kind.equals("containerResource")) {
                    copy(r, "container", res, "container");
                }
            }
        }
        JsonNode p = v2.path("pods");
        if (p.isObject()) {
            ObjectNode pods = o.putObject("pods");
            copy(p.path("metric"), "name", pods, "metricName");
            copy(p.path(side), "averageValue", pods, side + "AverageValue");
            copy(p.path("metric"), "selector", pods, "selector");
        }
        JsonNode ob = v2.path("object");
        if (ob.isObject()) {
            ObjectNode object = o.putObject("object");
            object.set("target", reference(ob.path("describedObject")));
            copy(ob.path("metric"), "name", object, "metricName");
            copy(ob.path(side), "value", object, side + "Value");
            copy(ob.path("metric"), "selector", object, "selector");
            copy(ob.path(side), "averageValue", object, "averageValue");
        }
        JsonNode ex = v2.path("external");
        if (ex.isObject()) {
            ObjectNode external = o.putObject("external");
            copy(ex.path("metric"), "name", external, "metricName");
            copy(ex.path("metric"), "selector", external, "metricSelector");
            copy(ex.path(side), "value", external, side + "Value");
            copy(ex.path(side), "averageValue", external, side + "AverageValue");
        }
        return o;
    }

    /** A v1 MetricSpec as a v2 MetricSpec. */
    static ObjectNode specToV2(JsonNode v1) {
        ObjectNode o = NODES.objectNode();
        o.set("type", v1.get("type"));
        for (String kind : new String[] {"resource", "containerResource"}) {
            JsonNode r = v1.path(kind);
            if (r.isObject()) {
                ObjectNode res = o.putObject(kind);
                copy(r, "name", res, "name");
                if (kind.equals("containerResource")) {
                    copy(r, "container", res, "container");
                }
                ObjectNode target = res.putObject("target");
                target.put("type", r.has("targetAverageUtilization") ? "Utilization"
                        : "AverageValue");
                copy(r, "targetAverageUtilization", target, "averageUtilization");
                copy(r, "targetAverageValue", target, "averageValue");
            }
        }
        JsonNode p = v1.path("pods");
        if (p.isObject()) {
            ObjectNode pods = o.putObject("pods");
            pods.set("metric", identifier(p, "metricName", "selector"));
            ObjectNode target = pods.putObject("target").put("type", "AverageValue");
            copy(p, "targetAverageValue", target, "averageValue");
        }
        JsonNode ob = v1.path("object");
        if (ob.isObject()) {
            ObjectNode object = o.putObject("object");
            object.set("describedObject", reference(ob.path("target")));
            object.set("metric", identifier(ob, "metricName", "selector"));
            ObjectNode target = object.putObject("target")
                    .put("type", ob.has("averageValue") ? "AverageValue" : "Value");
            copy(ob, "targetValue", target, "value");
            copy(ob, "averageValue", target, "averageValue");
        }
        JsonNode ex = v1.path("external");
        if (ex.isObject()) {
            ObjectNode external = o.putObject("external");
            external.set("metric", identifier(ex, "metricName", "metricSelector"));
            ObjectNode target = external.putObject("target")
                    .put("type", ex.has("targetValue") ? "Value" : "AverageValue");
            copy(ex, "targetValue", target, "value");
            copy(ex, "targetAverageValue", target, "averageValue");
        }
        return o;
    }

    /** A v1 MetricStatus as a v2 MetricStatus. */
    static ObjectNode statusToV2(JsonNode v1) {
        ObjectNode o = NODES.objectNode();
        o.set("type", v1.get("type"));
        for (String kind : new String[] {"resource", "containerResource"}) {
            JsonNode r = v1.path(kind);
            if (r.isObject()) {
                ObjectNode res = o.putObject(kind);
                copy(r, "name", res, "name");
                if (kind.equals("containerResource")) {
                    copy(r, "container", res, "container");
                }
                ObjectNode current = res.putObject("current");
                copy(r, "currentAverageValue", current, "averageValue");
                copy(r, "currentAverageUtilization", current, "averageUtilization");
            }
        }
        JsonNode p = v1.path("pods");
        if (p.isObject()) {
            ObjectNode pods = o.putObject("pods");
            pods.set("metric", identifier(p, "metricName", "selector"));
            copy(p, "currentAverageValue", pods.putObject("current"), "averageValue");
        }
        JsonNode ob = v1.path("object");
        if (ob.isObject()) {
            ObjectNode object = o.putObject("object");
            object.set("metric", identifier(ob, "metricName", "selector"));
            ObjectNode current = object.putObject("current");
            copy(ob, "currentValue", current, "value");
            copy(ob, "averageValue", current, "averageValue");
            object.set("describedObject", reference(ob.path("target")));
        }
        JsonNode ex = v1.path("external");
        if (ex.isObject()) {
            ObjectNode external = o.putObject("external");
            external.set("metric", identifier(ex, "metricName", "metricSelector"));
            ObjectNode current = external.putObject("current");
            copy(ex, "currentValue", current, "value");
            copy(ex, "currentAverageValue", current, "averageValue");
        }
        return o;
    }

    private static ObjectNode identifier(JsonNode from, String name, String selector) {
        ObjectNode id = NODES.objectNode();
        copy(from, name, id, "name");
        copy(from, selector, id, "selector");
        return id;
    }

    private static ObjectNode reference(JsonNode ref) {
        ObjectNode out = NODES.objectNode();
        copy(ref, "kind", out, "kind");
        copy(ref, "name", out, "name");
        copy(ref, "apiVersion", out, "apiVersion");
        return out;
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode v = from.get(field);
        if (v != null && !v.isNull()) {
            to.set(as, v.deepCopy());
        }
    }
}
