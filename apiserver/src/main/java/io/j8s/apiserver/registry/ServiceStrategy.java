package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.errors.StatusException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Services: upstream's defaults, the validation of ports and type, and the cluster IP and node
 * ports each service holds from the {@link ServiceAllocator}.
 */
final class ServiceStrategy implements Strategy {
    private static final Logger LOG = Logger.getLogger("io.j8s.apiserver.registry");
    private static final Set<String> TYPES = Set.of("ClusterIP", "NodePort", "LoadBalancer",
            "ExternalName");

    private final ServiceAllocator allocator;

    ServiceStrategy(ServiceAllocator allocator) {
        this.allocator = allocator;
    }

    @Override
    public void applyDefaults(ObjectNode service) {
        ObjectNode spec = service.with("spec");
        if (!spec.has("type")) {
            spec.put("type", "ClusterIP");
        }
        String type = spec.get("type").asText();
        if (!spec.has("sessionAffinity")) {
            spec.put("sessionAffinity", "None");
        }
        if (!type.equals("ExternalName")) {
            if (!spec.has("internalTrafficPolicy")) {
                spec.put("internalTrafficPolicy", "Cluster");
            }
            if (!spec.has("ipFamilies")) {
                spec.putArray("ipFamilies").add("IPv4");
            }
            if (!spec.has("ipFamilyPolicy")) {
                spec.put("ipFamilyPolicy", "SingleStack");
            }
        }
        if ((type.equals("NodePort") || type.equals("LoadBalancer"))
                && !spec.has("externalTrafficPolicy")) {
            spec.put("externalTrafficPolicy", "Cluster");
        }
        if (type.equals("LoadBalancer") && !spec.has("allocateLoadBalancerNodePorts")) {
            spec.put("allocateLoadBalancerNodePorts", true);
        }
        for (JsonNode p : spec.path("ports")) {
            if (p instanceof ObjectNode port) {
                if (!port.has("protocol")) {
                    port.put("protocol", "TCP");
                }
                if (!port.has("targetPort") && port.has("port")) {
                    port.set("targetPort", port.get("port"));
                }
            }
        }
        service.with("status").with("loadBalancer");
    }

    @Override
    public List<StatusCause> validate(ObjectNode service) {
        List<StatusCause> causes = new ArrayList<>();
        JsonNode spec = service.path("spec");
        String type = spec.path("type").asText("ClusterIP");
        if (!TYPES.contains(type)) {
            causes.add(StatusException.cause("FieldValueNotSupported", "spec.type",
                    "Unsupported value: \"" + type + "\": supported values: \"ClusterIP\","
                            + " \"ExternalName\", \"LoadBalancer\", \"NodePort\""));
        }
        JsonNode ports = spec.path("ports");
        if (!type.equals("ExternalName") && !spec.path("clusterIP").asText("").equals("None")
                && ports.isEmpty()) {
            causes.add(StatusException.cause("FieldValueRequired", "spec.ports",
                    "Required value"));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            JsonNode p = ports.get(i);
            String field = "spec.ports[" + i + "]";
            JsonNode port = p.get("port");
            if (port == null || !port.canConvertToInt()) {
                causes.add(StatusException.cause("FieldValueRequired", field + ".port",
                        "Required value"));
            } else if (port.asInt() < 1 || port.asInt() > 65535) {
                causes.add(StatusException.cause("FieldValueInvalid", field + ".port",
                        "Invalid value: " + port.asInt() + ": must be between 1 and 65535,"
                                + " inclusive"));
            }
            String name = p.path("name").asText("");
            if (ports.size() > 1 && name.isEmpty()) {
                causes.add(StatusException.cause("FieldValueRequired", field + ".name",
                        "Required value"));
            } else if (!name.isEmpty() && !names.add(name)) {
                causes.add(StatusException.cause("FieldValueDuplicate", field + ".name",
                        "Duplicate value: \"" + name + "\""));
            }
            String protocol = p.path("protocol").asText("TCP");
            if (!Set.of("TCP", "UDP", "SCTP").contains(protocol)) {
                causes.add(StatusException.cause("FieldValueNotSupported", field + ".protocol",
                        "Unsupported value: \"" + protocol + "\": supported values: \"SCTP\","
                                + " \"TCP\", \"UDP\""));
            }
            if (p.has("nodePort") && type.equals("ClusterIP")) {
                causes.add(StatusException.cause("FieldValueForbidden", field + ".nodePort",
                        "Forbidden: may not be used when `type` is 'ClusterIP'"));
            }
        }
        JsonNode externalIps = spec.path("externalIPs");
        for (int i = 0; i < externalIps.size(); i++) {
            String ip = externalIps.get(i).asText("");
            String why = ExternalIps.problem(ip);
            if (why != null) {
                causes.add(StatusException.cause("FieldValueInvalid", "spec.externalIPs[" + i + "]",
                        "Invalid value: \"" + ip + "\": " + why));
            }
        }
        if (type.equals("ExternalName") && spec.path("externalName").asText("").isEmpty()) {
            causes.add(StatusException.cause("FieldValueRequired", "spec.externalName",
                    "Required value"));
        }
        return causes;
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode service, ObjectNode old) {
        String before = old.path("spec").path("clusterIP").asText("");
        String after = service.path("spec").path("clusterIP").asText("");
        if (!before.isEmpty() && !after.isEmpty() && !before.equals(after)
                && !old.path("spec").path("type").asText().equals("ExternalName")) {
            return List.of(StatusException.cause("FieldValueInvalid", "spec.clusterIPs[0]",
                    "Invalid value: []string{\"" + after + "\"}: may not change once set"));
        }
        return List.of();
    }

    @Override
    public Runnable allocate(ObjectNode service, ObjectNode old, boolean dryRun) {
        ObjectNode spec = service.with("spec");
        String type = spec.path("type").asText("ClusterIP");
        List<Runnable> undo = new ArrayList<>();
        try {
            String oldIp = old == null ? "" : old.path("spec").path("clusterIP").asText("");
            String ip = spec.path("clusterIP").asText("");
            if (type.equals("ExternalName")) {
                spec.remove(List.of("clusterIP", "clusterIPs"));
            } else if (ip.equals("None")) {
                spec.putArray("clusterIPs").add("None");
            } else if (ip.isEmpty() && !oldIp.isEmpty() && !oldIp.equals("None")) {
                spec.put("clusterIP", oldIp);
                spec.putArray("clusterIPs").add(oldIp);
            } else if (!ip.equals(oldIp) || ip.isEmpty()) {
                String taken;
                if (ip.isEmpty()) {
                    taken = allocator.next("spec.clusterIPs", dryRun);
                } else {
                    allocator.take(ip, "spec.clusterIPs", dryRun);
                    taken = ip;
                }
                if (!dryRun) {
                    undo.add(() -> allocator.releaseIp(taken));
                }
                spec.put("clusterIP", taken);
                spec.putArray("clusterIPs").add(taken);
            }
            boolean nodePorts = type.equals("NodePort") || type.equals("LoadBalancer")
                    && spec.path("allocateLoadBalancerNodePorts").asBoolean(true);
            Set<Integer> held = nodePorts(old);
            List<Integer> picked = new ArrayList<>();
            ArrayNode ports = spec.withArray("ports");
            for (int i = 0; i < ports.size(); i++) {
                if (!(ports.get(i) instanceof ObjectNode port)) {
                    continue;
                }
                if (!nodePorts) {
                    if (!type.equals("LoadBalancer")) {
                        port.remove("nodePort");
                    }
                    continue;
                }
                int wanted = port.path("nodePort").asInt(0);
                if (wanted != 0 && held.contains(wanted)) {
                    continue;
                }
                String field = "spec.ports[" + i + "].nodePort";
                int taken;
                if (wanted == 0) {
                    taken = allocator.nextPort(field, dryRun, picked);
                } else {
                    allocator.takePort(wanted, field, dryRun);
                    taken = wanted;
                }
                if (!dryRun) {
                    undo.add(() -> allocator.releasePort(taken));
                }
                picked.add(taken);
                port.put("nodePort", taken);
            }
        } catch (RuntimeException e) {
            undo.forEach(Runnable::run);
            throw e;
        }
        return () -> undo.forEach(Runnable::run);
    }

    @Override
    public void release(ObjectNode old, ObjectNode service) {
        String oldIp = old.path("spec").path("clusterIP").asText("");
        String ip = service == null ? "" : service.path("spec").path("clusterIP").asText("");
        try {
            if (!oldIp.isEmpty() && !oldIp.equals("None") && !oldIp.equals(ip)) {
                allocator.releaseIp(oldIp);
            }
            Set<Integer> kept = nodePorts(service);
            for (int port : nodePorts(old)) {
                if (!kept.contains(port)) {
                    allocator.releasePort(port);
                }
            }
        } catch (RuntimeException e) {
            // the service is written already; what could not be given back stays taken until
            // the pools are repaired from the services at the next start
            LOG.warning("could not release what service " + Meta.namespace(old) + "/"
                    + Meta.name(old) + " held: " + e.getMessage());
        }
    }

    /** What stored services hold, for {@link ServiceAllocator#restore}. */
    static void held(ObjectNode service, List<String> clusterIps, List<Integer> ports) {
        String ip = service.path("spec").path("clusterIP").asText("");
        if (!ip.isEmpty() && !ip.equals("None")) {
            clusterIps.add(ip);
        }
        ports.addAll(nodePorts(service));
    }

    private static Set<Integer> nodePorts(ObjectNode service) {
        Set<Integer> out = new HashSet<>();
        if (service != null) {
            for (JsonNode p : service.path("spec").path("ports")) {
                int n = p.path("nodePort").asInt(0);
                if (n != 0) {
                    out.add(n);
                }
            }
        }
        return out;
    }
}
