package io.j8s.apiserver.rbac;

import io.j8s.apiserver.authn.AuthorizationModes;
import io.j8s.apiserver.authn.Authorizer;
import io.j8s.apiserver.registry.Registries;
import java.util.ArrayList;
import java.util.List;

/**
 * The authorizer chain of {@code --authorization-mode} over a server's registries: Node and RBAC
 * watch the objects they decide on; with RBAC the bootstrap policy is reconciled first and
 * escalation prevention checks RBAC writes; with Node, NodeRestriction checks nodes' writes
 * (unless that admission plugin is off).
 */
public final class Authorization implements AutoCloseable {
    private final Authorizer authorizer;
    private final List<AutoCloseable> watches = new ArrayList<>();

    private Authorization(Registries registries, List<String> modes, boolean nodeRestriction,
            boolean cached) {
        if (modes.contains("RBAC")) {
            BootstrapPolicy.reconcile(registries);
        }
        RbacAuthorizer[] rbac = new RbacAuthorizer[1];
        this.authorizer = AuthorizationModes.chain(modes, m -> {
            if (m.equals("Node")) {
                NodeAuthorizer node = new NodeAuthorizer(registries);
                watches.add(node);
                return node;
            }
            rbac[0] = new RbacAuthorizer(registries, cached);
            watches.add(rbac[0]);
            return rbac[0];
        });
        if (rbac[0] != null) {
            registries.addWriteCheck(new Escalation(rbac[0], authorizer));
        }
        if (modes.contains("Node") && nodeRestriction) {
            registries.addWriteCheck(new NodeRestriction());
        }
    }

    /**
     * Builds the chain of {@code modes} ({@link AuthorizationModes#modes}) over
     * {@code registries}, whose watch caches run.
     *
     * @param nodeRestriction whether the NodeRestriction admission plugin is on
     */
    public static Authorization start(Registries registries, List<String> modes,
            boolean nodeRestriction) {
        return new Authorization(registries, modes, nodeRestriction, true);
    }

    /** As {@link #start}, deciding every request afresh (for measuring the decision cache). */
    public static Authorization startUncached(Registries registries, List<String> modes) {
        return new Authorization(registries, modes, true, false);
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    @Override
    public void close() {
        for (AutoCloseable w : watches) {
            try {
                w.close();
            } catch (Exception e) {
                // a watch that fails to close has nothing left to deliver
            }
        }
    }
}
