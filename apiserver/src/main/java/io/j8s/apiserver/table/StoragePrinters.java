package io.j8s.apiserver.table;

import static io.j8s.apiserver.table.CellText.orEmpty;

import io.fabric8.kubernetes.api.model.storage.CSIDriver;
import io.fabric8.kubernetes.api.model.storage.CSIDriverSpec;
import io.fabric8.kubernetes.api.model.storage.CSINode;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.TokenRequest;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import java.util.Map;
import java.util.stream.Collectors;

/** Storage classes, CSI drivers, CSI nodes and volume attachments. */
final class StoragePrinters {
    private StoragePrinters() {}

    private static final String DEFAULT = "storageclass.kubernetes.io/is-default-class";
    private static final String BETA_DEFAULT = "storageclass.beta.kubernetes.io/is-default-class";

    static Printer<StorageClass> storageClass() {
        return Printer.of(StorageClass.class)
                .add(new Column<>("Name", "string", "name", Descriptions.NAME, 0,
                        (c, now) -> c.getMetadata().getName() + (isDefault(c) ? " (default)" : "")))
                .column("Provisioner", "string", "provisioner indicates the type of the provisioner.",
                        c -> orEmpty(c.getProvisioner()))
                .column("ReclaimPolicy", "string", "reclaimPolicy controls the reclaimPolicy for "
                        + "dynamically provisioned PersistentVolumes of this storage class.",
                        c -> c.getReclaimPolicy() == null ? "Delete" : c.getReclaimPolicy())
                .column("VolumeBindingMode", "string", "volumeBindingMode indicates how "
                        + "PersistentVolumeClaims should be provisioned and bound.",
                        c -> c.getVolumeBindingMode() == null ? "Immediate" : c.getVolumeBindingMode())
                .column("AllowVolumeExpansion", "string", "allowVolumeExpansion shows whether the "
                        + "storage class allow volume expand.",
                        c -> Boolean.TRUE.equals(c.getAllowVolumeExpansion()))
                .age()
                .build();
    }

    static Printer<CSIDriver> csiDriver() {
        return Printer.of(CSIDriver.class).name()
                .column("AttachRequired", "boolean", "attachRequired indicates this CSI volume driver "
                        + "requires an attach operation.", d -> !Boolean.FALSE.equals(spec(d).getAttachRequired()))
                .column("PodInfoOnMount", "boolean", "podInfoOnMount indicates this CSI volume driver "
                        + "requires additional pod information during mount operations.",
                        d -> Boolean.TRUE.equals(spec(d).getPodInfoOnMount()))
                .column("StorageCapacity", "boolean", "storageCapacity indicates that the CSI volume "
                        + "driver wants pod scheduling to consider the storage capacity that the driver "
                        + "deployment will report.", d -> Boolean.TRUE.equals(spec(d).getStorageCapacity()))
                .column("TokenRequests", "string", "tokenRequests indicates the CSI driver needs pods' "
                        + "service account tokens it is mounting volume for to do necessary "
                        + "authentication.", StoragePrinters::tokenRequests)
                .column("RequiresRepublish", "boolean", "requiresRepublish indicates the CSI driver "
                        + "wants NodePublishVolume being periodically called to reflect any possible "
                        + "change in the mounted volume.", d -> Boolean.TRUE.equals(spec(d).getRequiresRepublish()))
                .column("Modes", "string", "volumeLifecycleModes defines what kind of volumes this CSI "
                        + "volume driver supports.", d -> CellText.orNone(
                                String.join(",", CellText.orEmpty(spec(d).getVolumeLifecycleModes()))))
                .age()
                .build();
    }

    static Printer<CSINode> csiNode() {
        return Printer.of(CSINode.class).name()
                .column("Drivers", "integer", "Drivers indicates the number of CSI drivers registered "
                        + "on the node", n -> CellText.size(n.getSpec() == null ? null : n.getSpec().getDrivers()))
                .age()
                .build();
    }

    static Printer<VolumeAttachment> volumeAttachment() {
        return Printer.of(VolumeAttachment.class).name()
                .add(new Column<>("Attacher", "string", "name", "attacher indicates the name of the "
                        + "volume driver that MUST handle this request.", 0,
                        (a, now) -> a.getSpec() == null ? "" : orEmpty(a.getSpec().getAttacher())))
                .column("PV", "string", "persistentVolumeName represents the name of the persistent "
                        + "volume to attach.", a -> a.getSpec() == null || a.getSpec().getSource() == null
                                ? "" : orEmpty(a.getSpec().getSource().getPersistentVolumeName()))
                .column("Node", "string", "nodeName represents the node that the volume should be "
                        + "attached to.", a -> a.getSpec() == null ? "" : orEmpty(a.getSpec().getNodeName()))
                .column("Attached", "boolean", "attached indicates the volume is successfully attached.",
                        a -> a.getStatus() != null && Boolean.TRUE.equals(a.getStatus().getAttached()))
                .age()
                .build();
    }

    private static boolean isDefault(StorageClass c) {
        Map<String, String> a = c.getMetadata().getAnnotations();
        return a != null && ("true".equals(a.get(DEFAULT)) || "true".equals(a.get(BETA_DEFAULT)));
    }

    private static CSIDriverSpec spec(CSIDriver d) {
        return d.getSpec() == null ? new CSIDriverSpec() : d.getSpec();
    }

    /**
     * The audiences, comma-separated; {@code <unset>} when the driver asks for no tokens (the model
     * reads an absent list as empty, so an explicit empty list prints the same).
     */
    private static String tokenRequests(CSIDriver d) {
        if (CellText.orEmpty(spec(d).getTokenRequests()).isEmpty()) {
            return CellText.UNSET;
        }
        return spec(d).getTokenRequests().stream().map(TokenRequest::getAudience)
                .map(CellText::orEmpty).collect(Collectors.joining(","));
    }
}
