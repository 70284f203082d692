package io.j8s.apiserver.authn;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The value of {@code --authorization-mode}: a comma-separated list of modes, asked in order; a
 * request goes ahead when one of them allows it. Served: upstream's {@code Node}, {@code RBAC},
 * {@code AlwaysAllow} and {@code AlwaysDeny}, and {@code Bootstrap}, j8s's own fixed policy
 * (see {@link Authorizer#bootstrap()}). Node and RBAC read the cluster's objects, so the API
 * server builds them once its registries exist ({@link #chain}). Upstream's {@code ABAC} and
 * {@code Webhook} are refused by name rather than half-served.
 */
public final class AuthorizationModes {
    /** The default of an in-process {@code ApiServerBuilder}. */
    public static final String DEFAULT = "Bootstrap";
    /** The default of {@code ./j8s server}, as upstream's kubeadm clusters run. */
    public static final String SERVER_DEFAULT = "Node,RBAC";
    /** The modes that read the cluster's objects. */
    public static final Set<String> INFORMED = Set.of("Node", "RBAC");
    private static final Set<String> SERVED = Set.of("AlwaysAllow", "AlwaysDeny", "Bootstrap",
            "Node", "RBAC");
    private static final Set<String> NOT_YET = Set.of("ABAC", "Webhook");

    private AuthorizationModes() {}

    /**
     * The modes of a flag value such as {@code Node,RBAC}, in order.
     *
     * @throws IllegalArgumentException naming every mode that is unknown, not served yet or
     *     repeated
     */
    public static List<String> modes(String value) {
        List<String> modes = new ArrayList<>();
        for (String m : value.split(",")) {
            if (!m.isBlank()) {
                modes.add(m.strip());
            }
        }
        if (modes.isEmpty()) {
            throw new IllegalArgumentException("--authorization-mode needs at least one mode: "
                    + "Node, RBAC, AlwaysAllow, AlwaysDeny or Bootstrap");
        }
        Set<String> seen = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        List<String> notYet = new ArrayList<>();
        for (String m : modes) {
            if (!seen.add(m)) {
                throw new IllegalArgumentException("--authorization-mode names " + m
                        + " more than once");
            }
            if (NOT_YET.contains(m)) {
                notYet.add(m);
            } else if (!SERVED.contains(m)) {
                unknown.add(m);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown authorization mode " + String.join(", ",
                    unknown) + " in --authorization-mode; known: Node, RBAC, AlwaysAllow,"
                    + " AlwaysDeny, Bootstrap (ABAC and Webhook are not served yet)");
        }
        if (!notYet.isEmpty()) {
            throw new IllegalArgumentException("authorization mode " + String.join(", ", notYet)
                    + " is not served by j8s yet; use Node, RBAC, AlwaysAllow, AlwaysDeny or"
                    + " Bootstrap");
        }
        return List.copyOf(modes);
    }

    /**
     * The authorizer for a flag value of modes that need no cluster objects, such as
     * {@code AlwaysAllow}.
     *
     * @throws IllegalArgumentException as {@link #modes}, or when it names Node or RBAC
     */
    public static Authorizer parse(String value) {
        return chain(modes(value), m -> {
            throw new IllegalArgumentException("authorization mode " + m + " reads the"
                    + " cluster's objects: build it with the API server");
        });
    }

    /** The chain of {@code modes}, {@code informed} building Node and RBAC. */
    public static Authorizer chain(List<String> modes, Function<String, Authorizer> informed) {
        List<Authorizer> chain = modes.stream().map(m -> INFORMED.contains(m)
                ? informed.apply(m) : of(m)).toList();
        return chain.size() == 1 ? chain.getFirst() : new UnionAuthorizer(chain);
    }

    private static Authorizer of(String mode) {
        return switch (mode) {
            case "AlwaysAllow" -> Authorizer.alwaysAllow();
            case "AlwaysDeny" -> Authorizer.alwaysDeny();
            default -> Authorizer.bootstrap();
        };
    }
}
