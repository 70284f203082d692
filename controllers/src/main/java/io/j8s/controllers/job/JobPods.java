package io.j8s.controllers.job;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.j8s.api.codec.Json;
import io.j8s.controllers.replicaset.PodStates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The pods of a Job: made from its template, and read back (finished, failed, index). */
final class JobPods {
    static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
    static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
    static final String INDEX_ENV = "JOB_COMPLETION_INDEX";

    private JobPods() {}

    /** A new pod of {@code job}; {@code index} is null for a NonIndexed Job. */
    static Pod newPod(Job job, Integer index) {
        PodTemplateSpec template = Json.convert(Json.tree(job.getSpec().getTemplate()),
                PodTemplateSpec.class);
        String name = job.getMetadata().getName();
        ObjectMeta meta = template.getMetadata() == null ? new ObjectMeta()
                : template.getMetadata();
        meta.setName(null);
        meta.setNamespace(job.getMetadata().getNamespace());
        meta.setGenerateName(index == null ? name + "-" : name + "-" + index + "-");
        Map<String, String> labels = meta.getLabels() == null ? new HashMap<>()
                : new HashMap<>(meta.getLabels());
        Map<String, String> annotations = meta.getAnnotations() == null ? new HashMap<>()
                : new HashMap<>(meta.getAnnotations());
        PodSpec spec = template.getSpec();
        if (index != null) {
            annotations.put(COMPLETION_INDEX, index.toString());
            labels.put(COMPLETION_INDEX, index.toString());
            if (spec.getSubdomain() != null && !spec.getSubdomain().isEmpty()
                    && spec.getHostname() == null) {
                spec.setHostname(name + "-" + index);
            }
            addIndexEnv(spec.getContainers());
            addIndexEnv(spec.getInitContainers());
        }
        meta.setLabels(labels);
        meta.setAnnotations(annotations);
        List<String> finalizers = meta.getFinalizers() == null ? new ArrayList<>()
                : new ArrayList<>(meta.getFinalizers());
        finalizers.add(TRACKING_FINALIZER);
        meta.setFinalizers(finalizers);
        meta.setOwnerReferences(List.of(owner(job)));
        Pod pod = new Pod();
        pod.setMetadata(meta);
        pod.setSpec(spec);
        return pod;
    }

    static OwnerReference owner(Job job) {
        return new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                .withName(job.getMetadata().getName()).withUid(job.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    private static void addIndexEnv(List<Container> containers) {
        if (containers == null) {
            return;
        }
        for (Container c : containers) {
            List<EnvVar> env = c.getEnv() == null ? new ArrayList<>() : new ArrayList<>(c.getEnv());
            if (env.stream().noneMatch(e -> INDEX_ENV.equals(e.getName()))) {
                env.add(new EnvVarBuilder().withName(INDEX_ENV).withNewValueFrom()
                        .withNewFieldRef().withFieldPath("metadata.annotations['"
                                + COMPLETION_INDEX + "']").endFieldRef().endValueFrom().build());
            }
            c.setEnv(env);
        }
    }

    /** The uid of the Job that controls {@code pod}, or null. */
    static String controllerUid(Pod pod) {
        List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
        if (refs != null) {
            for (OwnerReference r : refs) {
                if (Boolean.TRUE.equals(r.getController()) && "Job".equals(r.getKind())) {
                    return r.getUid();
                }
            }
        }
        return null;
    }

    static String controllerName(Pod pod) {
        for (OwnerReference r : pod.getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(r.getController()) && "Job".equals(r.getKind())) {
                return r.getName();
            }
        }
        return null;
    }

    static boolean tracked(Pod pod) {
        List<String> f = pod.getMetadata().getFinalizers();
        return f != null && f.contains(TRACKING_FINALIZER);
    }

    static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending"
                : pod.getStatus().getPhase();
    }

    static boolean succeeded(Pod pod) {
        return "Succeeded".equals(phase(pod));
    }

    /** Upstream's isPodFailed: Failed, or being deleted before it succeeded. */
    static boolean failed(Pod pod) {
        return "Failed".equals(phase(pod)) || (pod.getMetadata().getDeletionTimestamp() != null
                && !succeeded(pod));
    }

    static boolean active(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null && !succeeded(pod)
                && !"Failed".equals(phase(pod));
    }

    static boolean terminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null && !succeeded(pod)
                && !"Failed".equals(phase(pod));
    }

    /** The completion index a pod carries, or -1. */
    static int index(Pod pod) {
        Map<String, String> a = pod.getMetadata().getAnnotations();
        String v = a == null ? null : a.get(COMPLETION_INDEX);
        if (v == null && pod.getMetadata().getLabels() != null) {
            v = pod.getMetadata().getLabels().get(COMPLETION_INDEX);
        }
        try {
            return v == null ? -1 : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
