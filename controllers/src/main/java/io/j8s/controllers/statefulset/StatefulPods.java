package io.j8s.controllers.statefulset;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.j8s.controllers.history.Revisions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The identity of a StatefulSet's pods: ordinal names, labels, hostname, subdomain, claims. */
final class StatefulPods {
    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

    private StatefulPods() {}

    /** {@code <set>-<ordinal>}. */
    static String podName(StatefulSet set, int ordinal) {
        return set.getMetadata().getName() + "-" + ordinal;
    }

    /** The ordinal in a pod's name if it is {@code <set>-<n>}, else -1. */
    static int ordinal(StatefulSet set, Pod pod) {
        String prefix = set.getMetadata().getName() + "-";
        String name = pod.getMetadata().getName();
        if (!name.startsWith(prefix) || name.length() == prefix.length()) {
            return -1;
        }
        String digits = name.substring(prefix.length());
        if (!digits.chars().allMatch(Character::isDigit) || digits.length() > 9
                || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return -1;
        }
        return Integer.parseInt(digits);
    }

    /** {@code <template>-<set>-<ordinal>}. */
    static String claimName(String template, StatefulSet set, int ordinal) {
        return template + "-" + set.getMetadata().getName() + "-" + ordinal;
    }

    /** The revision a pod was made from (its {@code controller-revision-hash} label). */
    static String revision(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? null : labels.get(Revisions.HASH_LABEL);
    }

    /** A new pod of ordinal {@code ordinal} from {@code template}, labelled with its revision. */
    static Pod newPod(StatefulSet set, PodTemplateSpec template, int ordinal, String revision) {
        String name = podName(set, ordinal);
        Map<String, String> labels = new HashMap<>();
        if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        labels.put(POD_NAME_LABEL, name);
        labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
        labels.put(Revisions.HASH_LABEL, revision);
        ObjectMetaBuilder meta = template.getMetadata() == null ? new ObjectMetaBuilder()
                : new ObjectMetaBuilder(template.getMetadata());
        PodSpec spec = new PodSpecBuilder(template.getSpec()).build();
        spec.setHostname(name);
        spec.setSubdomain(set.getSpec().getServiceName());
        spec.setVolumes(volumes(set, spec.getVolumes(), ordinal));
        return new PodBuilder().withMetadata(meta.withName(name).withGenerateName(null)
                .withNamespace(set.getMetadata().getNamespace()).withLabels(labels)
                .withOwnerReferences(Revisions.controllerRef(set)).build())
                .withSpec(spec).build();
    }

    /** The pod's volumes with one per claim template (a volume of the same name is replaced). */
    private static List<Volume> volumes(StatefulSet set, List<Volume> volumes, int ordinal) {
        List<PersistentVolumeClaim> templates = templates(set);
        List<Volume> out = new ArrayList<>();
        for (Volume v : volumes == null ? List.<Volume>of() : volumes) {
            if (templates.stream().noneMatch(t -> t.getMetadata().getName().equals(v.getName()))) {
                out.add(v);
            }
        }
        for (PersistentVolumeClaim t : templates) {
            String template = t.getMetadata().getName();
            out.add(new VolumeBuilder().withName(template).withNewPersistentVolumeClaim()
                    .withClaimName(claimName(template, set, ordinal)).endPersistentVolumeClaim()
                    .build());
        }
        return out;
    }

    static List<PersistentVolumeClaim> templates(StatefulSet set) {
        List<PersistentVolumeClaim> t = set.getSpec().getVolumeClaimTemplates();
        return t == null ? List.of() : t;
    }

    /**
     * The claims ordinal {@code ordinal} needs, labelled with the template's labels and the
     * set's selector's matchLabels as upstream.
     */
    static List<PersistentVolumeClaim> claims(StatefulSet set, int ordinal) {
        List<PersistentVolumeClaim> claims = new ArrayList<>();
        for (PersistentVolumeClaim t : templates(set)) {
            Map<String, String> labels = new HashMap<>();
            if (t.getMetadata().getLabels() != null) {
                labels.putAll(t.getMetadata().getLabels());
            }
            if (set.getSpec().getSelector().getMatchLabels() != null) {
                labels.putAll(set.getSpec().getSelector().getMatchLabels());
            }
            claims.add(new PersistentVolumeClaimBuilder()
                    .withMetadata(new ObjectMetaBuilder(t.getMetadata())
                            .withName(claimName(t.getMetadata().getName(), set, ordinal))
                            .withNamespace(set.getMetadata().getNamespace())
                            .withLabels(labels).withOwnerReferences().withUid(null)
                            .withResourceVersion(null).withCreationTimestamp(null).build())
                    .withSpec(t.getSpec()).build());
        }
        return claims;
    }

    /**
     * The pod's name labels are the ones its ordinal gives (its hostname and subdomain are set
     * at creation and a pod's spec cannot change them).
     */
    static boolean identityMatches(StatefulSet set, Pod pod, int ordinal) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels != null && podName(set, ordinal).equals(labels.get(POD_NAME_LABEL))
                && Integer.toString(ordinal).equals(labels.get(POD_INDEX_LABEL));
    }

    /** Sets the labels that name the pod (hostname and subdomain cannot change on a pod). */
    static Pod withIdentityLabels(StatefulSet set, Pod pod, int ordinal) {
        Map<String, String> labels = new HashMap<>(pod.getMetadata().getLabels() == null
                ? Map.of() : pod.getMetadata().getLabels());
        labels.put(POD_NAME_LABEL, podName(set, ordinal));
        labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
        return new PodBuilder(pod).editMetadata().withLabels(labels).endMetadata().build();
    }
}
