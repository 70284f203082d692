package io.j8s.apiserver.endpoints;

import io.j8s.api.errors.StatusException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a client's {@code Accept} header asks of {@code /api} and {@code /apis}: the legacy
 * documents (APIVersions, APIGroupList) or the aggregated APIGroupDiscoveryList, in JSON or YAML.
 *
 * <p>Negotiated as upstream does: clauses in order of their {@code q} (ties keep the client's
 * order), the first one the server can write wins. A clause naming a conversion ({@code as=})
 * is acceptable only for {@code apidiscovery.k8s.io} {@code v2} or {@code v2beta1}
 * {@code APIGroupDiscoveryList}; protobuf is not written here, so a protobuf clause falls through
 * to the next one, {@code q=0} rules a clause out, and a request with no acceptable clause gets
 * 406.
 *
 * @param yaml true for YAML, false for JSON
 * @param aggregatedVersion {@code v2} or {@code v2beta1}, or null for the legacy documents
 */
record DiscoveryMediaType(boolean yaml, String aggregatedVersion) {
    static final String GROUP = "apidiscovery.k8s.io";
    static final String KIND = "APIGroupDiscoveryList";
    private static final List<String> VERSIONS = List.of("v2", "v2beta1");
    private static final DiscoveryMediaType LEGACY_JSON = new DiscoveryMediaType(false, null);

    boolean aggregated() {
        return aggregatedVersion != null;
    }

    /** The Content-Type of the answer: the media type with the chosen g, v and as. */
    String contentType() {
        String type = yaml ? ApiHandler.YAML : ApiHandler.JSON;
        return aggregated() ? type + ";g=" + GROUP + ";v=" + aggregatedVersion + ";as=" + KIND
                : type;
    }

    /** The media type to answer {@code accept} with; 406 when nothing in it can be written. */
    static DiscoveryMediaType negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return LEGACY_JSON;
        }
        List<Clause> clauses = new ArrayList<>();
        for (String part : accept.split(",")) {
            Clause c = Clause.parse(part);
            if (c != null && c.q() > 0) {
                clauses.add(c);
            }
        }
        // A stable sort: equal q values keep the order the client wrote them in.
        clauses.sort(Comparator.comparingDouble(Clause::q).reversed()
                .thenComparingInt(Clause::wildcards));
        for (Clause c : clauses) {
            DiscoveryMediaType chosen = c.acceptable();
            if (chosen != null) {
                return chosen;
            }
        }
        throw StatusException.notAcceptable("only the following media types are accepted:"
                + " application/json, application/yaml, application/json;g=" + GROUP
                + ";v=v2;as=" + KIND + ", application/json;g=" + GROUP + ";v=v2beta1;as=" + KIND);
    }

    /** One media range of an Accept header, such as {@code application/json;v=v2;q=0.9}. */
    private record Clause(String type, String subtype, Map<String, String> params, double q) {

        static Clause parse(String text) {
            String[] parts = text.split(";");
            String range = parts[0].trim().toLowerCase(Locale.ROOT);
            int slash = range.indexOf('/');
            if (slash <= 0 || slash == range.length() - 1) {
                return null;
            }
            Map<String, String> params = new LinkedHashMap<>();
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = p.substring(eq + 1).trim();
                if (key.equals("q")) {
                    try {
                        q = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                } else {
                    params.put(key, value);
                }
            }
            return new Clause(range.substring(0, slash), range.substring(slash + 1), params, q);
        }

        /** 0 for {@code type/subtype}, 1 for {@code type/*}, 2 for {@code *}{@code /*}. */
        int wildcards() {
            return (type.equals("*") ? 1 : 0) + (subtype.equals("*") ? 1 : 0);
        }

        /** What this clause lets the server write, or null when it names nothing we write. */
        DiscoveryMediaType acceptable() {
            boolean anyType = type.equals("*") && subtype.equals("*");
            boolean json = anyType || type.equals("application")
                    && (subtype.equals("json") || subtype.equals("*"));
            boolean yaml = !json && type.equals("application") && subtype.equals("yaml");
            if (!json && !yaml) {
                return null;
            }
            String as = params.get("as");
            String g = params.get("g");
            String v = params.get("v");
            if (as == null && g == null && v == null) {
                return new DiscoveryMediaType(yaml, null);
            }
            if (KIND.equals(as) && GROUP.equals(g) && VERSIONS.contains(v)) {
                return new DiscoveryMediaType(yaml, v);
            }
            return null;
        }
    }
}
