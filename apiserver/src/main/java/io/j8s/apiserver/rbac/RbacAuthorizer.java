package io.j8s.apiserver.rbac;

import io.j8s.apiserver.authn.Attributes;
import io.j8s.apiserver.authn.Authorizer;
import io.j8s.apiserver.authn.UserInfo;
import io.j8s.apiserver.registry.Registries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's RBAC authorizer over roles and bindings held in memory by a watch of each
 * ({@link Reflector}): no store read per request. The index ({@link Policy}) is rebuilt on the
 * first request after a change; decisions are cached per (user, attributes) and the cache is
 * dropped whenever a role or binding changes.
 */
public final class RbacAuthorizer implements Authorizer, AutoCloseable {
    private static final int CACHE_LIMIT = 65_536;

    private final List<Reflector> reflectors = new ArrayList<>();
    private final Reflector clusterRoles;
    private final Reflector roles;
    private final Reflector clusterBindings;
    private final Reflector roleBindings;
    private final Map<Attributes, Boolean> decisions = new ConcurrentHashMap<>();
    private final boolean cached;
    private volatile boolean stale = true;
    private volatile long generation;
    private volatile Policy policy = Policy.EMPTY;

    /** Watches the RBAC objects of {@code registries}; decisions cached when {@code cached}. */
    public RbacAuthorizer(Registries registries, boolean cached) {
        this.cached = cached;
        Runnable changed = () -> {
            generation++;
            stale = true;
            decisions.clear();
        };
        clusterRoles = reflect(registries, "clusterroles", changed);
        roles = reflect(registries, "roles", changed);
        clusterBindings = reflect(registries, "clusterrolebindings", changed);
        roleBindings = reflect(registries, "rolebindings", changed);
    }

    private Reflector reflect(Registries registries, String plural, Runnable changed) {
        Reflector r = new Reflector(registries.find("rbac.authorization.k8s.io", "v1", plural)
                .orElseThrow(), changed).start();
        reflectors.add(r);
        return r;
    }

    /** The current index, rebuilt when a role or binding changed since the last request. */
    Policy policy() {
        if (stale) {
            synchronized (this) {
                if (stale) {
                    stale = false;
                    policy = new Policy(clusterRoles.objects(), roles.objects(),
                            clusterBindings.objects(), roleBindings.objects());
                }
            }
        }
        return policy;
    }

    @Override
    public boolean allowed(Attributes a) {
        if (!cached) {
            return decide(a);
        }
        Boolean known = decisions.get(a);
        if (known != null) {
            return known;
        }
        long before = generation;
        boolean allowed = decide(a);
        if (decisions.size() >= CACHE_LIMIT) {
            decisions.clear();
        }
        decisions.put(a, allowed);
        if (generation != before) {
            decisions.remove(a); // decided on roles that changed meanwhile
        }
        return allowed;
    }

    private boolean decide(Attributes a) {
        String namespace = a.resourceRequest() ? a.namespace() : "";
        return policy().visit(a.user(), namespace, rule -> rule.allows(a));
    }

    /** Every rule that applies to {@code user} in {@code namespace}, cluster-wide ones included. */
    List<PolicyRule> rulesFor(UserInfo user, String namespace) {
        List<PolicyRule> all = new ArrayList<>();
        policy().visit(user, namespace, rule -> {
            all.add(rule);
            return false;
        });
        return all;
    }

    @Override
    public Rules rules(UserInfo user, String namespace) {
        List<ResourceRule> resources = new ArrayList<>();
        List<NonResourceRule> nonResources = new ArrayList<>();
        for (PolicyRule r : rulesFor(user, namespace)) {
            if (!r.nonResourceURLs().isEmpty()) {
                nonResources.add(new NonResourceRule(r.verbs(), r.nonResourceURLs()));
            }
            if (!r.resources().isEmpty()) {
                resources.add(new ResourceRule(r.verbs(), r.apiGroups(), r.resources(),
                        r.resourceNames()));
            }
        }
        return new Rules(resources, nonResources, false);
    }

    @Override
    public void close() {
        reflectors.forEach(Reflector::close);
    }
}
