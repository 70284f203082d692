package io.j8s.componentbase.informers;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One copy of the strings that thousands of cached objects repeat (namespaces, label keys and
 * values, images, defaults such as {@code IfNotPresent}, toleration keys, owner kinds): a pod
 * decoded from JSON holds its own copy of each. Unique strings (names, uids) are left alone;
 * the table is bounded, so a flood of distinct values only stops sharing.
 */
final class SharedStrings {
    private static final int MAX = 50_000;
    private final ConcurrentHashMap<String, String> table = new ConcurrentHashMap<>();

    String share(String s) {
        if (s == null) {
            return null;
        }
        String shared = table.get(s);
        if (shared != null) {
            return shared;
        }
        if (table.size() < MAX) {
            shared = table.putIfAbsent(s, s);
            return shared == null ? s : shared;
        }
        return s;
    }

    void meta(ObjectMeta m) {
        if (m == null) {
            return;
        }
        m.setNamespace(share(m.getNamespace()));
        m.setLabels(map(m.getLabels()));
        m.setGenerateName(share(m.getGenerateName()));
        if (m.getOwnerReferences() != null) {
            for (OwnerReference r : m.getOwnerReferences()) {
                r.setApiVersion(share(r.getApiVersion()));
                r.setKind(share(r.getKind()));
                r.setName(share(r.getName()));
            }
        }
        if (m.getFinalizers() != null) {
            m.getFinalizers().replaceAll(this::share);
        }
    }

    void pod(Pod pod) {
        meta(pod.getMetadata());
        PodSpec spec = pod.getSpec();
        if (spec != null) {
            containers(spec.getContainers());
            containers(spec.getInitContainers());
            spec.setDnsPolicy(share(spec.getDnsPolicy()));
            spec.setRestartPolicy(share(spec.getRestartPolicy()));
            spec.setSchedulerName(share(spec.getSchedulerName()));
            spec.setServiceAccount(share(spec.getServiceAccount()));
            spec.setServiceAccountName(share(spec.getServiceAccountName()));
            spec.setPreemptionPolicy(share(spec.getPreemptionPolicy()));
            spec.setPriorityClassName(share(spec.getPriorityClassName()));
            spec.setNodeName(share(spec.getNodeName()));
            spec.setNodeSelector(map(spec.getNodeSelector()));
            if (spec.getTolerations() != null) {
                for (Toleration t : spec.getTolerations()) {
                    t.setKey(share(t.getKey()));
                    t.setOperator(share(t.getOperator()));
                    t.setEffect(share(t.getEffect()));
                    t.setValue(share(t.getValue()));
                }
            }
        }
        if (pod.getStatus() != null) {
            pod.getStatus().setPhase(share(pod.getStatus().getPhase()));
            pod.getStatus().setQosClass(share(pod.getStatus().getQosClass()));
            pod.getStatus().setHostIP(share(pod.getStatus().getHostIP()));
            if (pod.getStatus().getConditions() != null) {
                for (PodCondition c : pod.getStatus().getConditions()) {
                    c.setType(share(c.getType()));
                    c.setStatus(share(c.getStatus()));
                    c.setReason(share(c.getReason()));
                }
            }
        }
    }

    private void containers(List<Container> containers) {
        if (containers == null) {
            return;
        }
        for (Container c : containers) {
            c.setName(share(c.getName()));
            c.setImage(share(c.getImage()));
            c.setImagePullPolicy(share(c.getImagePullPolicy()));
            c.setTerminationMessagePath(share(c.getTerminationMessagePath()));
            c.setTerminationMessagePolicy(share(c.getTerminationMessagePolicy()));
        }
    }

    private Map<String, String> map(Map<String, String> m) {
        if (m == null || m.isEmpty()) {
            return m;
        }
        Map<String, String> shared = new LinkedHashMap<>(m.size() * 2);
        m.forEach((k, v) -> shared.put(share(k), share(v)));
        return shared;
    }
}
