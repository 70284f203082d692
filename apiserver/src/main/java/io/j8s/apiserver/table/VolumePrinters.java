package io.j8s.apiserver.table;

import static io.j8s.apiserver.table.CellText.orEmpty;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Persistent volumes and persistent volume claims. */
final class VolumePrinters {
    private VolumePrinters() {}

    private static final String BETA_CLASS = "volume.beta.kubernetes.io/storage-class";

    static Printer<PersistentVolume> persistentVolume() {
        return Printer.of(PersistentVolume.class).name()
                .column("Capacity", "string", "capacity is the description of the persistent volume's "
                        + "resources and capacity.", v -> storage(spec(v).getCapacity()))
                .column("Access Modes", "string", "accessModes contains all ways the volume can be "
                        + "mounted.", v -> accessModes(spec(v).getAccessModes()))
                .column("Reclaim Policy", "string", "persistentVolumeReclaimPolicy defines what happens "
                        + "to a persistent volume when released from its claim.",
                        v -> orEmpty(spec(v).getPersistentVolumeReclaimPolicy()))
                .column("Status", "string", "phase indicates if a volume is available, bound to a claim, "
                        + "or released by a claim.", v -> phase(v.getMetadata(),
                                v.getStatus() == null ? null : v.getStatus().getPhase()))
                .column("Claim", "string", "claimRef is part of a bi-directional binding between "
                        + "PersistentVolume and PersistentVolumeClaim.", VolumePrinters::claim)
                .column("StorageClass", "string", "StorageClass of the pv",
                        v -> storageClass(v.getMetadata(), orEmpty(spec(v).getStorageClassName())))
                .column("VolumeAttributesClass", "string", "VolumeAttributesClass of the pv",
                        v -> orUnset(spec(v).getVolumeAttributesClassName()))
                .column("Reason", "string", "reason is a brief CamelCase string that describes any "
                        + "failure and is meant for machine parsing and tidy display in the CLI.",
                        v -> v.getStatus() == null ? "" : orEmpty(v.getStatus().getReason()))
                .age()
                .wide("VolumeMode", "string", "volumeMode defines if a volume is intended to be used "
                        + "with a formatted filesystem or to remain in raw block state.",
                        v -> orUnset(spec(v).getVolumeMode()))
                .build();
    }

    static Printer<PersistentVolumeClaim> persistentVolumeClaim() {
        return Printer.of(PersistentVolumeClaim.class).name()
                .column("Status", "string", "phase represents the current phase of "
                        + "PersistentVolumeClaim.", c -> phase(c.getMetadata(), status(c).getPhase()))
                .column("Volume", "string", "volumeName is the binding reference to the "
                        + "PersistentVolume backing this claim.", c -> orEmpty(spec(c).getVolumeName()))
                .column("Capacity", "string", "capacity represents the actual resources of the "
                        + "underlying volume.", c -> bound(c) ? storage(status(c).getCapacity()) : "")
                .column("Access Modes", "string", "accessModes contains the actual access modes the "
                        + "volume backing the PVC has.",
                        c -> bound(c) ? accessModes(status(c).getAccessModes()) : "")
                .column("StorageClass", "string", "StorageClass of the pvc",
                        c -> storageClass(c.getMetadata(), orEmpty(spec(c).getStorageClassName())))
                .column("VolumeAttributesClass", "string", "VolumeAttributesClass of the pvc",
                        c -> orUnset(spec(c).getVolumeAttributesClassName()))
                .age()
                .wide("VolumeMode", "string", "volumeMode defines what type of volume is required by "
                        + "the claim.", c -> orUnset(spec(c).getVolumeMode()))
                .build();
    }

    private static PersistentVolumeSpec spec(PersistentVolume v) {
        return v.getSpec() == null ? new PersistentVolumeSpec() : v.getSpec();
    }

    private static PersistentVolumeClaimSpec spec(PersistentVolumeClaim c) {
        return c.getSpec() == null ? new PersistentVolumeClaimSpec() : c.getSpec();
    }

    private static PersistentVolumeClaimStatus status(PersistentVolumeClaim c) {
        return c.getStatus() == null ? new PersistentVolumeClaimStatus() : c.getStatus();
    }

    private static boolean bound(PersistentVolumeClaim c) {
        return spec(c).getVolumeName() != null && !spec(c).getVolumeName().isEmpty();
    }

    private static String storage(Map<String, Quantity> resources) {
        return CellText.quantity(resources == null ? null : resources.get("storage"));
    }

    private static String phase(ObjectMeta meta, String phase) {
        return meta != null && meta.getDeletionTimestamp() != null ? "Terminating" : orEmpty(phase);
    }

    private static String claim(PersistentVolume v) {
        var ref = spec(v).getClaimRef();
        return ref == null ? "" : orEmpty(ref.getNamespace()) + "/" + orEmpty(ref.getName());
    }

    /** The beta annotation wins over the field, as upstream reads it. */
    private static String storageClass(ObjectMeta meta, String fromSpec) {
        Map<String, String> annotations = meta == null ? null : meta.getAnnotations();
        if (annotations != null && annotations.containsKey(BETA_CLASS)) {
            return annotations.get(BETA_CLASS);
        }
        return fromSpec;
    }

    /** {@code RWO,ROX,RWX,RWOP}, in that order, each once. */
    static String accessModes(List<String> modes) {
        List<String> m = orEmpty(modes);
        List<String> out = new ArrayList<>();
        if (m.contains("ReadWriteOnce")) {
            out.add("RWO");
        }
        if (m.contains("ReadOnlyMany")) {
            out.add("ROX");
        }
        if (m.contains("ReadWriteMany")) {
            out.add("RWX");
        }
        if (m.contains("ReadWriteOncePod")) {
            out.add("RWOP");
        }
        return String.join(",", out);
    }

    private static String orUnset(String s) {
        return s == null ? CellText.UNSET : s;
    }
}
