package io.j8s.apiserver.kubeletproxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.registry.Registries;
import io.j8s.apiserver.registry.Registry;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a pod's kubelet answers and which container a request means: the pod's
 * {@code spec.nodeName}, that Node's first address of type InternalIP, ExternalIP, Hostname (in
 * that order, k3s's default {@code --kubelet-preferred-address-types}) and its
 * {@code status.daemonEndpoints.kubeletEndpoint.Port} (10250 when absent). Errors are upstream's.
 *
 * @param host empty when the pod has no node yet (upstream then answers a log with 204)
 * @param container empty for port-forward, which names no container
 */
record PodKubelet(String host, int port, String namespace, String pod, String container) {
    static final int DEFAULT_PORT = 10250;
    private static final List<String> ADDRESS_TYPES = List.of("InternalIP", "ExternalIP",
            "Hostname");

    boolean scheduled() {
        return !host.isEmpty();
    }

    /** {@code host:port}, with brackets around an IPv6 literal. */
    String authority() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Resolves a log request: no node yet is not an error, upstream answers 204 then. */
    static PodKubelet forLog(Registries registries, String namespace, String name,
            String container) {
        ObjectNode pod = pods(registries).get(namespace, name);
        String chosen = container(pod, name, container);
        String node = pod.path("spec").path("nodeName").asText("");
        if (node.isEmpty()) {
            return new PodKubelet("", 0, namespace, name, chosen);
        }
        return onNode(registries, node, namespace, name, chosen);
    }

    /** Resolves exec and attach: the container must exist and the pod must still run. */
    static PodKubelet forContainer(Registries registries, String namespace, String name,
            String container, String verb) {
        ObjectNode pod = pods(registries).get(namespace, name);
        String chosen = container(pod, name, container);
        String node = nodeName(pod, name);
        String phase = pod.path("status").path("phase").asText("");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            throw StatusException.badRequest("cannot " + verb + " into a container in a completed"
                    + " pod; current phase is " + phase);
        }
        return onNode(registries, node, namespace, name, chosen);
    }

    /** Resolves port-forward, which reaches the pod rather than a container. */
    static PodKubelet forPod(Registries registries, String namespace, String name) {
        ObjectNode pod = pods(registries).get(namespace, name);
        return onNode(registries, nodeName(pod, name), namespace, name, "");
    }

    private static Registry pods(Registries registries) {
        return registries.find("", "v1", "pods").orElseThrow();
    }

    private static String nodeName(ObjectNode pod, String name) {
        String node = pod.path("spec").path("nodeName").asText("");
        if (node.isEmpty()) {
            throw StatusException.badRequest("pod " + name + " does not have a host assigned");
        }
        return node;
    }

    private static PodKubelet onNode(Registries registries, String nodeName, String namespace,
            String pod, String container) {
        // A missing node is upstream's 404 (nodes "name" not found).
        ObjectNode node = registries.find("", "v1", "nodes").orElseThrow().get(null, nodeName);
        return new PodKubelet(address(node), port(node), namespace, pod, container);
    }

    /** The node's address the kubelet is reached at: InternalIP, else ExternalIP, else Hostname. */
    static String address(JsonNode node) {
        JsonNode addresses = node.path("status").path("addresses");
        for (String type : ADDRESS_TYPES) {
            for (JsonNode a : addresses) {
                if (type.equals(a.path("type").asText())
                        && !a.path("address").asText("").isEmpty()) {
                    return a.path("address").asText();
                }
            }
        }
        throw StatusException.badRequest("no preferred addresses found; known addresses: "
                + addresses(addresses));
    }

    /** The kubelet's port from {@code status.daemonEndpoints}, 10250 when it is not there. */
    static int port(JsonNode node) {
        int port = node.path("status").path("daemonEndpoints").path("kubeletEndpoint")
                .path("Port").asInt(0);
        return port > 0 && port < 65536 ? port : DEFAULT_PORT;
    }

    private static String addresses(JsonNode addresses) {
        List<String> all = new ArrayList<>();
        for (JsonNode a : addresses) {
            all.add("{" + a.path("type").asText() + " " + a.path("address").asText() + "}");
        }
        return "[" + String.join(" ", all) + "]";
    }

    /** The container asked for, or the only one; upstream's messages otherwise. */
    private static String container(ObjectNode pod, String name, String asked) {
        List<String> regular = names(pod.path("spec").path("containers"));
        List<String> init = names(pod.path("spec").path("initContainers"));
        List<String> ephemeral = names(pod.path("spec").path("ephemeralContainers"));
        if (asked.isEmpty()) {
            if (regular.size() == 1) {
                return regular.getFirst();
            }
            if (regular.isEmpty()) {
                throw StatusException.badRequest("a container name must be specified for pod "
                        + name);
            }
            String message = "a container name must be specified for pod " + name
                    + ", choose one of: [" + String.join(" ", regular) + "]";
            if (!init.isEmpty()) {
                message += " or one of the init containers: [" + String.join(" ", init) + "]";
            }
            if (!ephemeral.isEmpty()) {
                message += " or one of the ephemeral containers: ["
                        + String.join(" ", ephemeral) + "]";
            }
            throw StatusException.badRequest(message);
        }
        if (!regular.contains(asked) && !init.contains(asked) && !ephemeral.contains(asked)) {
            throw StatusException.badRequest("container " + asked + " is not valid for pod "
                    + name);
        }
        return asked;
    }

    private static List<String> names(JsonNode containers) {
        List<String> names = new ArrayList<>();
        for (JsonNode c : containers) {
            names.add(c.path("name").asText(""));
        }
        return names;
    }
}
