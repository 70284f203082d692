package io.j8s.apiserver.table;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.util.Locale;

/** Controller revisions: NAME CONTROLLER REVISION AGE, the controller as {@code statefulset.apps/web}. */
final class ControllerRevisionPrinter {
    private ControllerRevisionPrinter() {}

    static Printer<ControllerRevision> controllerRevision() {
        return Printer.of(ControllerRevision.class).name()
                .column("Controller", "string", "Controller of the object",
                        ControllerRevisionPrinter::controller)
                .column("Revision", "string", "Revision indicates the revision of the state "
                        + "represented by Data.", r -> r.getRevision() == null ? 0L : r.getRevision())
                .age()
                .build();
    }

    /** The owner that is the controller, as {@code kind.group/name} in lower case. */
    private static String controller(ControllerRevision r) {
        for (OwnerReference ref : CellText.orEmpty(r.getMetadata().getOwnerReferences())) {
            if (Boolean.TRUE.equals(ref.getController())) {
                String apiVersion = CellText.orEmpty(ref.getApiVersion());
                int slash = apiVersion.indexOf('/');
                String group = slash < 0 ? "" : apiVersion.substring(0, slash);
                String kind = CellText.orEmpty(ref.getKind());
                if (kind.isEmpty() && group.isEmpty()) {
                    return ref.getName();
                }
                String groupKind = group.isEmpty() ? kind : kind + "." + group;
                return groupKind.toLowerCase(Locale.ROOT) + "/" + ref.getName();
            }
        }
        return CellText.NONE;
    }
}
