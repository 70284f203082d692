package io.j8s.api.selectors;

import java.util.LinkedHashMap;
import java.util.Map;

/** Placeholder until the full grammar lands: equality requirements only. */
public final class LabelSelector {
    private final Map<String, String> equal;

    private LabelSelector(Map<String, String> equal) {
        this.equal = equal;
    }

    public static LabelSelector parse(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        if (s != null && !s.isBlank()) {
            for (String part : s.split(",")) {
                String[] kv = part.split("==?", 2);
                m.put(kv[0].trim(), kv.length > 1 ? kv[1].trim() : "");
            }
        }
        return new LabelSelector(m);
    }

    public boolean isEmpty() {
        return equal.isEmpty();
    }

    public boolean matches(Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        return equal.entrySet().stream().allMatch(e -> e.getValue().equals(l.get(e.getKey())));
    }
}
