package io.j8s.apiserver.table;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** How upstream's printers spell values in cells: labels, containers, booleans, quantities. */
final class CellText {
    private CellText() {}

    static final String NONE = "<none>";
    static final String UNSET = "<unset>";

    /** {@code a=1,b=2}, sorted by key; {@code <none>} when there are none. */
    static String labels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return NONE;
        }
        return new TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** The names of the containers, comma-separated. */
    static String containerNames(List<Container> containers) {
        return join(containers, Container::getName);
    }

    /** The images of the containers, comma-separated. */
    static String containerImages(List<Container> containers) {
        return join(containers, Container::getImage);
    }

    /** The containers of a pod template, none when it is unset. */
    static List<Container> containers(PodTemplateSpec template) {
        if (template == null || template.getSpec() == null) {
            return List.of();
        }
        return orEmpty(template.getSpec().getContainers());
    }

    private static String join(List<Container> containers, Function<Container, String> f) {
        return orEmpty(containers).stream().map(c -> orEmpty(f.apply(c)))
                .collect(Collectors.joining(","));
    }

    /** {@code True}, {@code False}, or {@code <unset>}. */
    static String bool(Boolean value) {
        return value == null ? UNSET : value ? "True" : "False";
    }

    /** A quantity as it was written; {@code 0} when absent, as Go's zero Quantity prints. */
    static String quantity(Quantity q) {
        if (q == null || q.getAmount() == null) {
            return "0";
        }
        return q.getAmount() + (q.getFormat() == null ? "" : q.getFormat());
    }

    /** {@code 25%} or {@code 2}. */
    static String intOrString(IntOrString v) {
        if (v == null) {
            return "";
        }
        return v.getIntVal() != null ? v.getIntVal().toString() : orEmpty(v.getStrVal());
    }

    /** The first {@code max} items, then {@code + N more...}; {@code <unset>} when empty. */
    static String listWithMore(List<String> items, int max) {
        String shown = String.join(",", items.subList(0, Math.min(max, items.size())));
        if (items.size() > max) {
            return shown + " + " + (items.size() - max) + " more...";
        }
        return shown.isEmpty() ? UNSET : shown;
    }

    static long count(Integer value) {
        return value == null ? 0 : value;
    }

    static long size(List<?> list) {
        return list == null ? 0 : list.size();
    }

    static long size(Map<?, ?> map) {
        return map == null ? 0 : map.size();
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    static String orNone(String s) {
        return s == null || s.isEmpty() ? NONE : s;
    }
}
