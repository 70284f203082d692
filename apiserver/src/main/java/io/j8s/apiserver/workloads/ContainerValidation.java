package io.j8s.apiserver.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.validation.CanonicalQuantity;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import io.j8s.api.validation.Quantities;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** One container's ports, resources and volume mounts, checked as upstream checks them. */
final class ContainerValidation {
    private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
    private static final Pattern PORT_NAME_CHARS = Pattern.compile("^[-a-z0-9]+$");
    private static final Pattern PORT_NAME_LETTER = Pattern.compile(".*[a-z].*");
    private static final String RANGE = "must be between 1 and 65535, inclusive";

    private ContainerValidation() {}

    static void ports(JsonNode ports, FieldPath path, List<StatusCause> causes) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            JsonNode p = ports.get(i);
            FieldPath at = path.index(i);
            String name = p.path("name").asText("");
            if (!name.isEmpty()) {
                for (String msg : portNameErrors(name)) {
                    causes.add(Causes.invalid(at.child("name"), name, msg));
                }
                if (!names.add(name)) {
                    causes.add(Causes.duplicate(at.child("name"), name));
                }
            }
            long port = p.path("containerPort").asLong(0);
            if (port == 0) {
                causes.add(Causes.required(at.child("containerPort"), ""));
            } else if (port < 1 || port > 65535) {
                causes.add(Causes.invalid(at.child("containerPort"), port, RANGE));
            }
            long host = p.path("hostPort").asLong(0);
            if (host != 0 && (host < 1 || host > 65535)) {
                causes.add(Causes.invalid(at.child("hostPort"), host, RANGE));
            }
            String protocol = p.path("protocol").asText("");
            if (protocol.isEmpty()) {
                causes.add(Causes.required(at.child("protocol"), ""));
            } else if (!PROTOCOLS.contains(protocol)) {
                causes.add(Causes.notSupported(at.child("protocol"), protocol, PROTOCOLS));
            }
        }
    }

    /** Upstream's IsValidPortName. */
    static List<String> portNameErrors(String name) {
        List<String> errs = new java.util.ArrayList<>();
        if (name.length() > 15) {
            errs.add("must be no more than 15 characters");
        }
        if (!PORT_NAME_CHARS.matcher(name).matches()) {
            errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }
        if (name.contains("--")) {
            errs.add("must not contain consecutive hyphens");
        }
        if (!name.isEmpty() && (name.startsWith("-") || name.endsWith("-"))) {
            errs.add("must not begin or end with a hyphen");
        }
        if (!PORT_NAME_LETTER.matcher(name).matches()) {
            errs.add("must contain at least one letter (a-z)");
        }
        return errs;
    }

    static void resources(JsonNode resources, FieldPath path, List<StatusCause> causes) {
        Map<String, BigDecimal> limits = quantities(resources.path("limits"),
                path.child("limits"), causes);
        Map<String, BigDecimal> requests = quantities(resources.path("requests"),
                path.child("requests"), causes);
        FieldPath requestsPath = path.child("requests");
        for (Map.Entry<String, BigDecimal> r : requests.entrySet()) {
            BigDecimal limit = limits.get(r.getKey());
            if (limit == null) {
                continue;
            }
            String shown = CanonicalQuantity.of(resources.path("requests").path(r.getKey())
                    .asText());
            String limitShown = CanonicalQuantity.of(resources.path("limits").path(r.getKey())
                    .asText());
            if (overcommittable(r.getKey())) {
                if (r.getValue().compareTo(limit) > 0) {
                    causes.add(Causes.invalid(requestsPath, shown, "must be less than or equal"
                            + " to " + r.getKey() + " limit of " + limitShown));
                }
            } else if (r.getValue().compareTo(limit) != 0) {
                causes.add(Causes.invalid(requestsPath, shown, "must be equal to "
                        + r.getKey() + " limit of " + limitShown));
            }
        }
    }

    /** Native resources may request less than their limit; extended resources may not. */
    private static boolean overcommittable(String resource) {
        return (!resource.contains("/") || resource.contains("kubernetes.io/"))
                && !resource.startsWith("hugepages-");
    }

    private static Map<String, BigDecimal> quantities(JsonNode list, FieldPath path,
            List<StatusCause> causes) {
        Map<String, BigDecimal> out = new TreeMap<>();
        list.fields().forEachRemaining(e -> {
            String text = e.getValue().asText();
            BigDecimal v = Quantities.parse(text); // 400, as upstream fails to decode
            FieldPath at = path.key(e.getKey());
            if (v.signum() < 0) {
                causes.add(Causes.invalid(at, CanonicalQuantity.of(text),
                        "must be greater than or equal to 0"));
            } else if (!e.getKey().equals("cpu") && !e.getKey().equals("memory")
                    && !e.getKey().startsWith("hugepages-")
                    && !e.getKey().equals("ephemeral-storage")
                    && v.stripTrailingZeros().scale() > 0) {
                causes.add(Causes.invalid(at, CanonicalQuantity.of(text), "must be an integer"));
            }
            out.put(e.getKey(), v);
        });
        return out;
    }

    static void mounts(JsonNode mounts, FieldPath path, Set<String> volumes,
            List<StatusCause> causes) {
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < mounts.size(); i++) {
            JsonNode m = mounts.get(i);
            FieldPath at = path.index(i);
            String name = m.path("name").asText("");
            if (name.isEmpty()) {
                causes.add(Causes.required(at.child("name"), ""));
            } else if (!volumes.contains(name)) {
                causes.add(Causes.notFound(at.child("name"), name));
            }
            String mountPath = m.path("mountPath").asText("");
            if (mountPath.isEmpty()) {
                causes.add(Causes.required(at.child("mountPath"), ""));
            } else if (!paths.add(mountPath)) {
                causes.add(Causes.invalid(at.child("mountPath"), mountPath, "must be unique"));
            }
        }
    }
}
