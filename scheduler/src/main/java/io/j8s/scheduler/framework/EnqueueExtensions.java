package io.j8s.scheduler.framework;

import java.util.List;

/**
 * Implemented by plugins that can reject pods: the cluster events after which a pod this plugin
 * rejected may fit, so the queue moves it out of the unschedulable set only then.
 */
public interface EnqueueExtensions {
    List<ClusterEvent> eventsToRegister();
}
