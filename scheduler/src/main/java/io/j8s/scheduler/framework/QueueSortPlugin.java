package io.j8s.scheduler.framework;

/** Orders the active queue; exactly one per profile. */
public interface QueueSortPlugin extends Plugin {
    /** True when {@code a} is scheduled before {@code b}. */
    boolean less(QueuedPodInfo a, QueuedPodInfo b);
}
