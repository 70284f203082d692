package io.j8s.apiserver.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import io.j8s.api.validation.NameFormats;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Upstream's {@code ValidatePodSpec} for the fields users get wrong most: containers and their
 * names, images, ports and resources; restart and DNS policies; volumes and the mounts that
 * name them. Paths are relative to where the spec sits ({@code spec} or
 * {@code spec.template.spec}).
 */
public final class PodSpecValidation {
    private static final List<String> RESTART = List.of("Always", "OnFailure", "Never");
    private static final List<String> DNS = List.of("ClusterFirstWithHostNet", "ClusterFirst",
            "Default", "None");

    private PodSpecValidation() {}

    public static List<StatusCause> validate(JsonNode spec, FieldPath path) {
        return validate(spec, path, Set.of());
    }

    /**
     * As {@link #validate(JsonNode, FieldPath)}, where mounts may also name {@code claimVolumes}:
     * the volumes a StatefulSet's pods get from its {@code volumeClaimTemplates}.
     */
    static List<StatusCause> validate(JsonNode spec, FieldPath path, Set<String> claimVolumes) {
        List<StatusCause> causes = new ArrayList<>();
        Set<String> volumes = volumes(spec.path("volumes"), path.child("volumes"), causes);
        volumes.addAll(claimVolumes);
        Set<String> names = new HashSet<>();
        containers(spec.path("initContainers"), path.child("initContainers"), names, volumes,
                causes);
        JsonNode containers = spec.path("containers");
        if (containers.isEmpty()) {
            causes.add(Causes.required(path.child("containers"), ""));
        }
        containers(containers, path.child("containers"), names, volumes, causes);
        hostPorts(containers, path.child("containers"), causes);
        String restart = spec.path("restartPolicy").asText("");
        if (restart.isEmpty()) {
            causes.add(Causes.required(path.child("restartPolicy"), ""));
        } else if (!RESTART.contains(restart)) {
            causes.add(Causes.notSupported(path.child("restartPolicy"), restart, RESTART));
        }
        String dns = spec.path("dnsPolicy").asText("");
        if (dns.isEmpty()) {
            causes.add(Causes.required(path.child("dnsPolicy"), ""));
        } else if (!DNS.contains(dns)) {
            causes.add(Causes.notSupported(path.child("dnsPolicy"), dns, DNS));
        }
        JsonNode deadline = spec.get("activeDeadlineSeconds");
        if (deadline != null && !deadline.isNull()
                && (deadline.asLong() < 1 || deadline.asLong() > Integer.MAX_VALUE)) {
            causes.add(Causes.invalid(path.child("activeDeadlineSeconds"), deadline.asLong(),
                    "must be between 1 and 2147483647, inclusive"));
        }
        String account = spec.path("serviceAccountName").asText("");
        if (!account.isEmpty()) {
            for (String msg : NameFormats.dns1123Subdomain(account)) {
                causes.add(Causes.invalid(path.child("serviceAccountName"), account, msg));
            }
        }
        return causes;
    }

    /** Upstream's AccumulateUniqueHostPorts: protocol, host IP and host port are unique. */
    private static void hostPorts(JsonNode containers, FieldPath path, List<StatusCause> causes) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < containers.size(); i++) {
            JsonNode ports = containers.get(i).path("ports");
            for (int j = 0; j < ports.size(); j++) {
                JsonNode p = ports.get(j);
                long host = p.path("hostPort").asLong(0);
                if (host == 0) {
                    continue;
                }
                String key = p.path("protocol").asText("") + "/" + p.path("hostIP").asText("")
                        + "/" + host;
                if (!seen.add(key)) {
                    causes.add(Causes.duplicate(path.index(i).child("ports").index(j)
                            .child("hostPort"), key));
                }
            }
        }
    }

    private static Set<String> volumes(JsonNode list, FieldPath path, List<StatusCause> causes) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            FieldPath at = path.index(i);
            String name = list.get(i).path("name").asText("");
            if (name.isEmpty()) {
                causes.add(Causes.required(at.child("name"), ""));
            } else {
                for (String msg : NameFormats.dns1123Label(name)) {
                    causes.add(Causes.invalid(at.child("name"), name, msg));
                }
                if (!names.add(name)) {
                    causes.add(Causes.duplicate(at.child("name"), name));
                }
            }
        }
        return names;
    }

    private static void containers(JsonNode list, FieldPath path, Set<String> names,
            Set<String> volumes, List<StatusCause> causes) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            FieldPath at = path.index(i);
            String name = c.path("name").asText("");
            if (name.isEmpty()) {
                causes.add(Causes.required(at.child("name"), ""));
            } else {
                for (String msg : NameFormats.dns1123Label(name)) {
                    causes.add(Causes.invalid(at.child("name"), name, msg));
                }
                if (!names.add(name)) {
                    causes.add(Causes.duplicate(at.child("name"), name));
                }
            }
            if (c.path("image").asText("").isBlank()) {
                causes.add(Causes.required(at.child("image"), ""));
            }
            ContainerValidation.ports(c.path("ports"), at.child("ports"), causes);
            ContainerValidation.resources(c.path("resources"), at.child("resources"), causes);
            ContainerValidation.mounts(c.path("volumeMounts"), at.child("volumeMounts"), volumes,
                    causes);
            String pull = c.path("imagePullPolicy").asText("");
            List<String> pulls = List.of("Always", "IfNotPresent", "Never");
            if (pull.isEmpty()) {
                causes.add(Causes.required(at.child("imagePullPolicy"), ""));
            } else if (!pulls.contains(pull)) {
                causes.add(Causes.notSupported(at.child("imagePullPolicy"), pull, pulls));
            }
        }
    }
}
