package io.j8s.api.catalogue;

import java.util.List;
import java.util.Objects;

/**
 * A subresource as discovery describes it: the kind its requests and responses carry, and its
 * verbs. {@code deployments/scale} speaks {@code autoscaling/v1 Scale} with get, patch and update;
 * {@code pods/exec} speaks {@code v1 PodExecOptions} with create and get.
 *
 * @param name such as {@code status}, {@code scale}, {@code log}
 * @param group the group of {@link #kind}; empty for the core group
 * @param version the version of {@link #kind}
 * @param kind the kind the subresource speaks
 * @param verbs the verbs discovery lists, sorted
 */
public record Subresource(String name, String group, String version, String kind, List<String> verbs) {

    private static final List<String> READ_WRITE = List.of("get", "patch", "update");
    private static final List<String> CONNECT = List.of("create", "get");
    private static final List<String> PROXY = List.of("create", "delete", "get", "patch", "update");
    private static final List<String> CREATE = List.of("create");

    public Subresource {
        Objects.requireNonNull(name);
        Objects.requireNonNull(group);
        Objects.requireNonNull(version);
        Objects.requireNonNull(kind);
        verbs = List.copyOf(verbs);
    }

    /** True when the subresource speaks a kind of another group or version than its parent. */
    public boolean crossesGroupVersion(ResourceType parent) {
        return !group.equals(parent.group()) || !version.equals(parent.version());
    }

    /** How upstream describes the subresource {@code name} of {@code parent}. */
    static Subresource of(ResourceType parent, String name) {
        String g = parent.group();
        String v = parent.version();
        String k = parent.kind();
        return switch (name) {
            case "scale" -> new Subresource(name, "autoscaling", "v1", "Scale", READ_WRITE);
            case "eviction" -> new Subresource(name, "policy", "v1", "Eviction", CREATE);
            case "binding" -> new Subresource(name, "", "v1", "Binding", CREATE);
            case "token" -> new Subresource(name, "authentication.k8s.io", "v1", "TokenRequest", CREATE);
            case "log" -> new Subresource(name, g, v, k, List.of("get"));
            case "finalize" -> new Subresource(name, g, v, k, List.of("update"));
            case "exec" -> new Subresource(name, g, v, "PodExecOptions", CONNECT);
            case "attach" -> new Subresource(name, g, v, "PodAttachOptions", CONNECT);
            case "portforward" -> new Subresource(name, g, v, "PodPortForwardOptions", CONNECT);
            case "proxy" -> new Subresource(name, g, v, k + "ProxyOptions", PROXY);
            // status, ephemeralcontainers, resize, approval: the parent's own kind
            default -> new Subresource(name, g, v, k, READ_WRITE);
        };
    }
}
