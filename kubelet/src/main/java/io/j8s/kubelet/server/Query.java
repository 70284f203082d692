package io.j8s.kubelet.server;

import java.util.List;
import java.util.Map;

/** A request's query parameters, read the way the kubelet reads them ("1" and "true" are set). */
record Query(Map<String, List<String>> parameters) {

    String first(String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    List<String> all(String name) {
        return parameters.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        String v = first(name);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }
}
