package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as upstream builds it: the service variables first, then
 * {@code envFrom} (configMaps and secrets, with their prefix, keys that are no variable names
 * left out), then {@code env} in order, each value expanded against what came before, each
 * {@code valueFrom} resolved (fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef, with
 * {@code optional}). A required source that is missing is a {@link ConfigError} with upstream's
 * message.
 */
final class ContainerEnv {
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final Pattern SUBSCRIPT = Pattern.compile("metadata\\.(labels|annotations)\\['(.*)'\\]");

    /** The pod's addresses and the node's allocatable, which fieldRef and resourceFieldRef read. */
    record PodFacts(String podIp, List<String> podIps, String hostIp,
            java.util.function.Supplier<Map<String, Quantity>> nodeAllocatable) {}

    private ContainerEnv() {}

    static Map<String, String> resolve(Pod pod, Container container, EnvSources sources,
            PodFacts facts, Map<String, String> serviceEnv) throws ConfigError {
        Map<String, String> env = new LinkedHashMap<>(serviceEnv);
        String ns = pod.getMetadata().getNamespace();
        if (container.getEnvFrom() != null) {
            for (EnvFromSource from : container.getEnvFrom()) {
                String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                Map<String, String> data;
                if (from.getConfigMapRef() != null) {
                    String name = from.getConfigMapRef().getName();
                    Optional<Map<String, String>> cm = sources.configMap(ns, name);
                    if (cm.isEmpty()) {
                        if (Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                            continue;
                        }
                        throw new ConfigError("configmap \"" + name + "\" not found");
                    }
                    data = cm.get();
                } else if (from.getSecretRef() != null) {
                    String name = from.getSecretRef().getName();
                    Optional<Map<String, String>> s = sources.secret(ns, name);
                    if (s.isEmpty()) {
                        if (Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                            continue;
                        }
                        throw new ConfigError("secret \"" + name + "\" not found");
                    }
                    data = s.get();
                } else {
                    continue;
                }
                data.forEach((k, v) -> {
                    String key = prefix + k;
                    if (ENV_NAME.matcher(key).matches()) {
                        env.put(key, v);
                    }
                });
            }
        }
        if (container.getEnv() != null) {
            for (EnvVar var : container.getEnv()) {
                if (var.getValueFrom() == null) {
                    env.put(var.getName(), VarExpansion.expand(
                            var.getValue() == null ? "" : var.getValue(), env));
                    continue;
                }
                String value = valueFrom(pod, container, var.getValueFrom(), sources, facts);
                if (value != null) {
                    env.put(var.getName(), value);
                }
            }
        }
        return env;
    }

    private static String valueFrom(Pod pod, Container container, EnvVarSource from,
            EnvSources sources, PodFacts facts) throws ConfigError {
        String ns = pod.getMetadata().getNamespace();
        if (from.getFieldRef() != null) {
            return field(pod, from.getFieldRef(), facts);
        }
        if (from.getResourceFieldRef() != null) {
            return resource(pod, container, from.getResourceFieldRef(), facts);
        }
        if (from.getConfigMapKeyRef() != null) {
            ConfigMapKeySelector ref = from.getConfigMapKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Optional<Map<String, String>> cm = sources.configMap(ns, ref.getName());
            if (cm.isEmpty()) {
                if (optional) {
                    return null;
                }
                throw new ConfigError("configmap \"" + ref.getName() + "\" not found");
            }
            String value = cm.get().get(ref.getKey());
            if (value == null && !optional) {
                throw new ConfigError("couldn't find key " + ref.getKey() + " in ConfigMap "
                        + ns + "/" + ref.getName());
            }
            return value;
        }
        if (from.getSecretKeyRef() != null) {
            SecretKeySelector ref = from.getSecretKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Optional<Map<String, String>> s = sources.secret(ns, ref.getName());
            if (s.isEmpty()) {
                if (optional) {
                    return null;
                }
                throw new ConfigError("secret \"" + ref.getName() + "\" not found");
            }
            String value = s.get().get(ref.getKey());
            if (value == null && !optional) {
                throw new ConfigError("couldn't find key " + ref.getKey() + " in Secret "
                        + ns + "/" + ref.getName());
            }
            return value;
        }
        return null;
    }

    static String field(Pod pod, ObjectFieldSelector ref, PodFacts facts) throws ConfigError {
        String path = ref.getFieldPath();
        Matcher m = SUBSCRIPT.matcher(path);
        if (m.matches()) {
            Map<String, String> map = m.group(1).equals("labels") ? pod.getMetadata().getLabels()
                    : pod.getMetadata().getAnnotations();
            return map == null ? "" : map.getOrDefault(m.group(2), "");
        }
        return switch (path) {
            case "metadata.name" -> pod.getMetadata().getName();
            case "metadata.namespace" -> pod.getMetadata().getNamespace();
            case "metadata.uid" -> pod.getMetadata().getUid();
            case "metadata.labels" -> formatMap(pod.getMetadata().getLabels());
            case "metadata.annotations" -> formatMap(pod.getMetadata().getAnnotations());
            case "spec.nodeName" -> nullToEmpty(pod.getSpec().getNodeName());
            case "spec.serviceAccountName" -> nullToEmpty(pod.getSpec().getServiceAccountName());
            case "status.hostIP" -> facts.hostIp();
            case "status.hostIPs" -> facts.hostIp();
            case "status.podIP" -> facts.podIp();
            case "status.podIPs" -> String.join(",", facts.podIps());
            default -> throw new ConfigError("unsupported fieldPath: " + path);
        };
    }

    private static String resource(Pod pod, Container container, ResourceFieldSelector ref,
            PodFacts facts) throws ConfigError {
        Container target = container;
        if (ref.getContainerName() != null && !ref.getContainerName().isEmpty()) {
            target = PodSpecs.allContainers(pod).stream()
                    .filter(c -> c.getName().equals(ref.getContainerName())).findFirst()
                    .orElseThrow(() -> new ConfigError("container " + ref.getContainerName()
                            + " not found"));
        }
        String[] parts = ref.getResource().split("\\.", 2);
        if (parts.length != 2) {
            throw new ConfigError("unsupported container resource : " + ref.getResource());
        }
        Map<String, Quantity> list = target.getResources() == null ? null
                : parts[0].equals("limits") ? target.getResources().getLimits()
                : target.getResources().getRequests();
        Quantity q = list == null ? null : list.get(parts[1]);
        if (q == null && parts[0].equals("limits")) {
            q = facts.nodeAllocatable().get().get(parts[1]);
        }
        BigDecimal amount = q == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(q);
        BigDecimal divisor = ref.getDivisor() == null ? BigDecimal.ONE
                : Quantity.getAmountInBytes(ref.getDivisor());
        if (divisor.signum() == 0) {
            divisor = BigDecimal.ONE;
        }
        return amount.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
    }

    private static String formatMap(Map<String, String> map) {
        if (map == null) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        map.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (!s.isEmpty()) {
                s.append('\n');
            }
            s.append(e.getKey()).append("=\"").append(e.getValue()).append('"');
        });
        return s.toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
