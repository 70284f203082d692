package io.j8s.kubelet.node;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node's own events, as upstream's kubelet records them for {@code kubectl describe node}:
 * in namespace default, about the Node (whose uid upstream sets to its name), source kubelet.
 * Starting, NodeHasSufficientMemory and friends at registration, NodeReady and NodeNotReady when
 * Ready turns.
 */
final class NodeEvents {
    private static final Logger LOG = Logger.getLogger(NodeEvents.class.getName());

    private final KubernetesClient client;
    private final String nodeName;
    private final Clock clock;

    NodeEvents(KubernetesClient client, String nodeName, Clock clock) {
        this.client = client;
        this.nodeName = nodeName;
        this.clock = clock;
    }

    void normal(String reason, String message) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        Event event = new EventBuilder()
                .withNewMetadata().withName(nodeName + "." + Long.toHexString(System.nanoTime()))
                .withNamespace("default").endMetadata()
                .withNewInvolvedObject().withKind("Node").withName(nodeName).withUid(nodeName)
                .endInvolvedObject()
                .withType("Normal").withReason(reason).withMessage(message)
                .withNewSource().withComponent("kubelet").withHost(nodeName).endSource()
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .withReportingComponent("kubelet").withReportingInstance(nodeName)
                .build();
        try {
            client.v1().events().inNamespace("default").resource(event).create();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "node event " + reason + " not recorded: " + e.getMessage());
        }
    }
}
