package io.j8s.apiserver.authn;

import java.util.Objects;

/**
 * What an authorizer decides on, as upstream's {@code authorizer.Attributes}: who asks, the verb,
 * and either a resource (API group, version, namespace, resource, subresource, name; empty strings
 * where the request names none) or, for a request outside the resource tree, its path.
 */
public record Attributes(UserInfo user, String verb, boolean resourceRequest, String apiGroup,
        String apiVersion, String namespace, String resource, String subresource, String name,
        String path) {

    public Attributes {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(verb, "verb");
        apiGroup = orEmpty(apiGroup);
        apiVersion = orEmpty(apiVersion);
        namespace = orEmpty(namespace);
        resource = orEmpty(resource);
        subresource = orEmpty(subresource);
        name = orEmpty(name);
        path = orEmpty(path);
    }

    /** A resource request: {@code get pods/log "web" in the namespace "default"}. */
    public static Attributes resource(UserInfo user, String verb, String apiGroup,
            String apiVersion, String namespace, String resource, String subresource,
            String name) {
        return new Attributes(user, verb, true, apiGroup, apiVersion, namespace, resource,
                subresource, name, "");
    }

    /** A request outside the resource tree: {@code get /healthz}. */
    public static Attributes nonResource(UserInfo user, String verb, String path) {
        return new Attributes(user, verb, false, "", "", "", "", "", "", path);
    }

    /** Whether the verb only reads (get, list, watch), as upstream's {@code IsReadOnly}. */
    public boolean readOnly() {
        return verb.equals("get") || verb.equals("list") || verb.equals("watch");
    }

    /**
     * Upstream's words for a denial: {@code User "jane" cannot list resource "pods" in API group
     * "" in the namespace "default"}, or {@code ... cannot get path "/metrics"}.
     */
    public String denial() {
        if (!resourceRequest) {
            return "User \"" + user.name() + "\" cannot " + verb + " path \"" + path + "\"";
        }
        String what = subresource.isEmpty() ? resource : resource + "/" + subresource;
        return "User \"" + user.name() + "\" cannot " + verb + " resource \"" + what
                + "\" in API group \"" + apiGroup + "\""
                + (namespace.isEmpty() ? " at the cluster scope"
                        : " in the namespace \"" + namespace + "\"");
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
