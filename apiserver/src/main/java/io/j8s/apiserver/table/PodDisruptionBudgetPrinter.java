package io.j8s.apiserver.table;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec;

/** Pod disruption budgets: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE. */
final class PodDisruptionBudgetPrinter {
    private PodDisruptionBudgetPrinter() {}

    static Printer<PodDisruptionBudget> podDisruptionBudget() {
        return Printer.of(PodDisruptionBudget.class).name()
                .column("Min Available", "string", "The minimum number of pods that must be available.",
                        p -> budget(spec(p).getMinAvailable()))
                .column("Max Unavailable", "string",
                        "The maximum number of pods that may be unavailable.",
                        p -> budget(spec(p).getMaxUnavailable()))
                .column("Allowed Disruptions", "integer",
                        "Calculated number of pods that may be disrupted at this time.",
                        p -> CellText.count(p.getStatus() == null ? null
                                : p.getStatus().getDisruptionsAllowed()))
                .age()
                .build();
    }

    private static PodDisruptionBudgetSpec spec(PodDisruptionBudget p) {
        return p.getSpec() == null ? new PodDisruptionBudgetSpec() : p.getSpec();
    }

    private static String budget(IntOrString v) {
        return v == null ? "N/A" : CellText.intOrString(v);
    }
}
