package io.j8s.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSONPath of a printer column: fields ({@code .spec.replicas}), indexes ({@code [0]}),
 * every element ({@code [*]}) and equality filters ({@code [?(@.type=="Ready")]}), optionally
 * wrapped in {@code {}} as kubectl writes them.
 */
final class JsonPath {
    private static final Pattern FILTER =
            Pattern.compile("\\?\\(@\\.([\\w.-]+)\\s*==\\s*[\"']([^\"']*)[\"']\\)");
    private final List<String> steps;

    private JsonPath(List<String> steps) {
        this.steps = steps;
    }

    static JsonPath parse(String path) {
        String p = path.trim();
        if (p.startsWith("{") && p.endsWith("}")) {
            p = p.substring(1, p.length() - 1);
        }
        if (p.startsWith("$")) {
            p = p.substring(1);
        }
        List<String> steps = new ArrayList<>();
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[') {
                    end++;
                }
                if (end > i + 1) {
                    steps.add(p.substring(i + 1, end));
                }
                i = end;
            } else if (c == '[') {
                int end = p.indexOf(']', i);
                if (end < 0) {
                    break;
                }
                steps.add(p.substring(i, end + 1));
                i = end + 1;
            } else {
                int end = i;
                while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[') {
                    end++;
                }
                steps.add(p.substring(i, end));
                i = end;
            }
        }
        return new JsonPath(steps);
    }

    /** The values the path reaches in {@code root}; empty when it reaches none. */
    List<JsonNode> find(JsonNode root) {
        List<JsonNode> current = List.of(root);
        for (String step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : current) {
                if (!step.startsWith("[")) {
                    JsonNode v = n.get(step);
                    if (v != null) {
                        next.add(v);
                    }
                    continue;
                }
                String inner = step.substring(1, step.length() - 1).trim();
                if (!n.isArray()) {
                    continue;
                }
                if (inner.equals("*")) {
                    n.forEach(next::add);
                } else if (inner.matches("-?\\d+")) {
                    int idx = Integer.parseInt(inner);
                    JsonNode v = n.get(idx < 0 ? n.size() + idx : idx);
                    if (v != null) {
                        next.add(v);
                    }
                } else {
                    Matcher m = FILTER.matcher(inner);
                    if (m.matches()) {
                        for (JsonNode e : n) {
                            JsonNode f = e;
                            for (String part : m.group(1).split("\\.")) {
                                f = f.path(part);
                            }
                            if (f.isValueNode() && f.asText().equals(m.group(2))) {
                                next.add(e);
                            }
                        }
                    }
                }
            }
            current = next;
        }
        return current;
    }
}
