package io.j8s.controllers.nodelifecycle;

import java.time.Instant;

/**
 * What the controller last saw of a node's heartbeats, and when it saw it change (upstream's
 * probeTimestamp): a node is silent when nothing changed for the grace period by the
 * controller's own clock, so the kubelet's clock does not matter.
 */
final class NodeHealth {
    Instant probe;
    String readyHeartbeat;
    String leaseRenew;

    NodeHealth(Instant probe) {
        this.probe = probe;
    }

    /** Notes the heartbeats now visible; a change is a sign of life. */
    void observe(String readyHeartbeat, String leaseRenew, Instant now) {
        if (readyHeartbeat != null && !readyHeartbeat.equals(this.readyHeartbeat)) {
            this.readyHeartbeat = readyHeartbeat;
            probe = now;
        }
        if (leaseRenew != null && !leaseRenew.equals(this.leaseRenew)) {
            this.leaseRenew = leaseRenew;
            probe = now;
        }
    }
}
