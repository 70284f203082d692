package io.j8s.apiserver.authn;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The value of {@code --authorization-mode}: a comma-separated list of modes, asked in order; a
 * request goes ahead when one of them allows it. Served: upstream's {@code AlwaysAllow} and
 * {@code AlwaysDeny}, and {@code Bootstrap}, j8s's own default until RBAC arrives (see
 * {@link Authorizer#bootstrap()}). Upstream's {@code RBAC}, {@code Node}, {@code ABAC} and
 * {@code Webhook} are refused by name rather than half-served.
 */
public final class AuthorizationModes {
    public static final String DEFAULT = "Bootstrap";
    private static final Set<String> SERVED = Set.of("AlwaysAllow", "AlwaysDeny", "Bootstrap");
    private static final Set<String> NOT_YET = Set.of("RBAC", "Node", "ABAC", "Webhook");

    private AuthorizationModes() {}

    /**
     * The authorizer for a flag value such as {@code AlwaysAllow}.
     *
     * @throws IllegalArgumentException naming every mode that is unknown, not served yet or
     *     repeated
     */
    public static Authorizer parse(String value) {
        List<String> modes = new ArrayList<>();
        for (String m : value.split(",")) {
            if (!m.isBlank()) {
                modes.add(m.strip());
            }
        }
        if (modes.isEmpty()) {
            throw new IllegalArgumentException("--authorization-mode needs at least one mode: "
                    + "AlwaysAllow, AlwaysDeny or Bootstrap");
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
                    unknown) + " in --authorization-mode; known: AlwaysAllow, AlwaysDeny,"
                    + " Bootstrap (RBAC, Node, ABAC and Webhook are not served yet)");
        }
        if (!notYet.isEmpty()) {
            throw new IllegalArgumentException("authorization mode " + String.join(", ", notYet)
                    + " is not served by j8s yet; use AlwaysAllow, AlwaysDeny or Bootstrap"
                    + " (the default: cluster admins and j8s's components may do everything)");
        }
        List<Authorizer> chain = modes.stream().map(AuthorizationModes::of).toList();
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
