package io.j8s.apiserver.table;

import static io.j8s.apiserver.table.CellText.orEmpty;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Role bindings and cluster role bindings: NAME ROLE AGE, and with {@code -o wide} USERS GROUPS
 * SERVICEACCOUNTS. Roles and cluster roles have no printer upstream: they print NAME CREATED AT.
 */
final class AccessPrinters {
    private AccessPrinters() {}

    static Printer<RoleBinding> roleBinding() {
        return printer(RoleBinding.class, "roleBinding", RoleBinding::getRoleRef, RoleBinding::getSubjects);
    }

    static Printer<ClusterRoleBinding> clusterRoleBinding() {
        return printer(ClusterRoleBinding.class, "clusterRoleBinding", ClusterRoleBinding::getRoleRef,
                ClusterRoleBinding::getSubjects);
    }

    private static <T extends HasMetadata> Printer<T> printer(Class<T> type, String what,
            Function<T, RoleRef> roleRef, Function<T, List<Subject>> subjects) {
        return Printer.of(type).name()
                .column("Role", "string", "RoleRef can reference a Role in the current namespace or a "
                        + "ClusterRole in the global namespace.", b -> role(roleRef.apply(b)))
                .age()
                .wide("Users", "string", "Users in the " + what,
                        b -> names(subjects.apply(b), "User"))
                .wide("Groups", "string", "Groups in the " + what,
                        b -> names(subjects.apply(b), "Group"))
                .wide("ServiceAccounts", "string", "ServiceAccounts in the " + what,
                        b -> names(subjects.apply(b), "ServiceAccount"))
                .build();
    }

    private static String role(RoleRef ref) {
        return ref == null ? "/" : orEmpty(ref.getKind()) + "/" + orEmpty(ref.getName());
    }

    /** The subjects of one kind, comma-separated; service accounts as {@code namespace/name}. */
    private static String names(List<Subject> subjects, String kind) {
        return CellText.orEmpty(subjects).stream().filter(s -> kind.equals(s.getKind()))
                .map(s -> kind.equals("ServiceAccount")
                        ? orEmpty(s.getNamespace()) + "/" + orEmpty(s.getName()) : orEmpty(s.getName()))
                .collect(Collectors.joining(", "));
    }
}
