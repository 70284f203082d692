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
        ObjectNode o = NODES.objectNode();
        o.set("type", v2.get("type"));
        JsonNode r = v2.path("resource");
        if (r.isObject()) {
            ObjectNode res = o.putObject("resource");
            copy(r, "name", res, "name");
            copy(r.path("target"), "averageUtilization", res, "targetAverageUtilization");
            copy(r.path("target"), "averageValue", res, "targetAverageValue");
        }
        JsonNode c = v2.path("containerResource");
        if (c.isObject()) {
            ObjectNode res = o.putObject("containerResource");
            copy(c, "name", res, "name");
            copy(c.path("target"), "averageUtilization", res, "targetAverageUtilization");
            copy(c.path("target"), "averageValue", res, "targetAverageValue");
            copy(c, "container", res, "container");
        }
        JsonNode p = v2.path("pods");
        if (p.isObject()) {
            ObjectNode pods = o.putObject("pods");
            copy(p.path("metric"), "name", pods, "metricName");
            copy(p.path("target"), "averageValue", pods, "targetAverageValue");
            copy(p.path("metric"), "selector", pods, "selector");
        }
        JsonNode ob = v2.path("object");
        if (ob.isObject()) {
            ObjectNode object = o.putObject("object");
            object.set("target", reference(ob.path("describedObject")));
            copy(ob.path("metric"), "name", object, "metricName");
            copy(ob.path("target"), "value", object, "targetValue");
            copy(ob.path("metric"), "selector", object, "selector");
            copy(ob.path("target"), "averageValue", object, "averageValue");
        }
        JsonNode ex = v2.path("external");
        if (ex.isObject()) {
            ObjectNode external = o.putObject("external");
            copy(ex.path("metric"), "name", external, "metricName");
            copy(ex.path("metric"), "selector", external, "metricSelector");
            copy(ex.path("target"), "value", external, "targetValue");
            copy(ex.path("target"), "averageValue", external, "targetAverageValue");
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

    /** A v2 MetricStatus as a v1 MetricStatus. */
    static ObjectNode statusToV1(JsonNode v2) {
        ObjectNode o = NODES.objectNode();
        o.set("type", v2.get("type"));
        for (String kind : new String[] {"resource", "containerResource"}) {
            JsonNode r = v2.path(kind);
            if (r.isObject()) {
                ObjectNode res = o.putObject(kind);
                copy(r, "name", res, "name");
                copy(r.path("current"), "averageUtilization", res, "currentAverageUtilization");
                copy(r.path("current"), "averageValue", res, "currentAverageValue");
                if (kind.equals("containerResource")) {
                    copy(r, "container", res, "container");
                }
            }
        }
        JsonNode p = v2.path("pods");
        if (p.isObject()) {
            ObjectNode pods = o.putObject("pods");
            copy(p.path("metric"), "name", pods, "metricName");
            copy(p.path("current"), "averageValue", pods, "currentAverageValue");
            copy(p.path("metric"), "selector", pods, "selector");
        }
        JsonNode ob = v2.path("object");
        if (ob.isObject()) {
            ObjectNode object = o.putObject("object");
            object.set("target", reference(ob.path("describedObject")));
            copy(ob.path("metric"), "name", object, "metricName");
            copy(ob.path("current"), "value", object, "currentValue");
            copy(ob.path("metric"), "selector", object, "selector");
            copy(ob.path("current"), "averageValue", object, "averageValue");
        }
        JsonNode ex = v2.path("external");
        if (ex.isObject()) {
            ObjectNode external = o.putObject("external");
            copy(ex.path("metric"), "name", external, "metricName");
            copy(ex.path("metric"), "selector", external, "metricSelector");
            copy(ex.path("current"), "value", external, "currentValue");
            copy(ex.path("current"), "averageValue", external, "currentAverageValue");
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
