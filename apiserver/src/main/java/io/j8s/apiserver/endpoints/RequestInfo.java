package io.j8s.apiserver.endpoints;

import io.j8s.apiserver.authn.Attributes;
import io.j8s.apiserver.authn.UserInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a request asks for, as upstream's {@code RequestInfo} says it: parsed once from the method,
 * path and query, then handed to authentication, the in-flight limit, authorization, metrics and
 * the handler. A resource request ({@code /api/v1/...}, {@code /apis/GROUP/VERSION/...}) has a
 * Kubernetes verb (get, list, watch, create, update, patch, delete, deletecollection), an API
 * group and version, a namespace, a resource, a name and a subresource; anything else (discovery
 * of {@code /api} and {@code /apis/GROUP}, {@code /healthz}, {@code /metrics}, ...) has the
 * lower-case HTTP method as its verb and only its path.
 *
 * <p>As upstream: {@code /namespaces/NS} is the namespace NS both as a resource and as the
 * namespace of what follows it (its {@code status} and {@code finalize} stay its subresources);
 * the legacy {@code /watch/} prefix and {@code ?watch=} (false only for {@code false} and
 * {@code 0}) make a collection GET a watch; a list or watch whose field selector requires one
 * {@code metadata.name} carries that name, as RBAC's resource names see it.
 *
 * @param parts the segments from the resource on ({@code pods/web/status}), after the prefix,
 *     group, version, any {@code watch} and a {@code namespaces/NS} in front of another resource
 */
public record RequestInfo(boolean resourceRequest, String path, String verb, String apiPrefix,
        String apiGroup, String apiVersion, String namespace, String resource,
        String subresource, String name, List<String> parts) {

    private static final Set<String> SPECIAL_VERBS = Set.of("proxy", "watch");
    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");
    /** Upstream's verbs that change nothing; every other verb counts as mutating. */
    private static final Set<String> READ_ONLY = Set.of("get", "list", "watch");
    /** Subresources that stream for as long as the client stays, as upstream's long-running check. */
    private static final Set<String> STREAMING = Set.of("attach", "exec", "proxy", "log",
            "portforward");

    public RequestInfo {
        parts = List.copyOf(parts);
    }

    /** Parses a request; {@code query} holds each query parameter's values, in order. */
    public static RequestInfo parse(String method, String path, Map<String, List<String>> query) {
        String httpVerb = method.toLowerCase(Locale.ROOT);
        String trimmed = trim(path);
        List<String> s = trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("/", -1));
        if (s.size() < 3 || !s.get(0).equals("api") && !s.get(0).equals("apis")) {
            return nonResource(path, httpVerb);
        }
        String prefix = s.get(0);
        int i = 1;
        String group = "";
        if (prefix.equals("apis")) {
            if (s.size() < 4) {
                return nonResource(path, httpVerb);
            }
            group = s.get(i++);
        }
        String version = s.get(i++);
        String verb;
        if (SPECIAL_VERBS.contains(s.get(i))) {
            verb = s.get(i++);
            if (i >= s.size()) {
                // upstream cannot tell the kind and namespace of /api/v1/watch: no resource
                return new RequestInfo(true, path, verb, prefix, group, version, "", "", "", "",
                        List.of());
            }
        } else {
            verb = switch (method) {
                case "POST" -> "create";
                case "GET", "HEAD" -> "get";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> "delete";
                default -> "";
            };
        }
        String namespace = "";
        List<String> parts = s.subList(i, s.size());
        if (parts.get(0).equals("namespaces") && parts.size() > 1) {
            namespace = parts.get(1);
            if (parts.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(parts.get(2))) {
                parts = parts.subList(2, parts.size());
            }
        }
        String resource = parts.get(0);
        String name = parts.size() >= 2 ? parts.get(1) : "";
        String subresource = parts.size() >= 3 && !verb.equals("proxy") ? parts.get(2) : "";
        if (name.isEmpty() && verb.equals("get")) {
            verb = watchParameter(query) ? "watch" : "list";
            name = nameFromFieldSelector(first(query, "fieldSelector"));
        }
        if (name.isEmpty() && verb.equals("delete")) {
            verb = "deletecollection";
        }
        return new RequestInfo(true, path, verb, prefix, group, version, namespace, resource,
                subresource, name, parts);
    }

    private static RequestInfo nonResource(String path, String verb) {
        return new RequestInfo(false, path, verb, "", "", "", "", "", "", "", List.of());
    }

    /** The name the path itself carries ({@code pods/web}), not one from a field selector. */
    public String pathName() {
        return parts.size() >= 2 ? parts.get(1) : "";
    }

    /**
     * Whether a {@code namespaces/NS} stood in front of the resource: {@code /api/v1/namespaces/a/pods}
     * but not {@code /api/v1/namespaces/a}, which is the namespace itself.
     */
    public boolean namespacePrefix() {
        if (!resourceRequest || namespace.isEmpty()) {
            return false;
        }
        String[] s = trim(path).split("/", -1);
        int i = apiPrefix.equals("apis") ? 3 : 2;
        if (i < s.length && SPECIAL_VERBS.contains(s[i])) {
            i++;
        }
        return s.length - i != parts.size();
    }

    /** Whether it changes something: every verb but get, list and watch, as upstream counts. */
    public boolean mutating() {
        return !READ_ONLY.contains(verb);
    }

    /** Watches and streams (log, exec, attach, portforward, proxy) last as long as the client. */
    public boolean longRunning() {
        return verb.equals("watch") || verb.equals("proxy") || STREAMING.contains(subresource);
    }

    /** The same request under another verb: upstream authorizes exec over GET as create. */
    public RequestInfo withVerb(String other) {
        return new RequestInfo(resourceRequest, path, other, apiPrefix, apiGroup, apiVersion,
                namespace, resource, subresource, name, parts);
    }

    /** What the authorizer is asked about {@code user} making this request. */
    public Attributes attributes(UserInfo user) {
        return resourceRequest
                ? Attributes.resource(user, verb, apiGroup, apiVersion, namespace, resource,
                        subresource, name)
                : Attributes.nonResource(user, verb, path);
    }

    /** Upstream's boolean query parameters: only {@code false} and {@code 0} are false. */
    static boolean watchParameter(Map<String, List<String>> query) {
        List<String> values = query.get("watch");
        if (values == null || values.isEmpty()) {
            return false;
        }
        String v = values.getFirst();
        return !v.equals("0") && !v.equalsIgnoreCase("false");
    }

    /**
     * The name a field selector pins ({@code metadata.name=web} or {@code ==web}, among other
     * terms), when it is a valid path segment; else empty.
     */
    private static String nameFromFieldSelector(String selector) {
        for (String term : selector.split(",")) {
            String t = term.trim();
            int eq = t.indexOf('=');
            if (eq < 0 || eq > 0 && t.charAt(eq - 1) == '!') {
                continue;
            }
            if (!t.substring(0, eq).trim().equals("metadata.name")) {
                continue;
            }
            String value = t.substring(t.startsWith("==", eq) ? eq + 2 : eq + 1).trim();
            boolean valid = !value.isEmpty() && !value.equals(".") && !value.equals("..")
                    && value.indexOf('/') < 0 && value.indexOf('%') < 0;
            return valid ? value : "";
        }
        return "";
    }

    private static String first(Map<String, List<String>> query, String key) {
        List<String> v = query.get(key);
        return v == null || v.isEmpty() ? "" : v.getFirst();
    }

    private static String trim(String path) {
        int from = 0;
        int to = path.length();
        while (from < to && path.charAt(from) == '/') {
            from++;
        }
        while (to > from && path.charAt(to - 1) == '/') {
            to--;
        }
        return path.substring(from, to);
    }
}
