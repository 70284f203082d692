/**
 * The rate-limited work queue every controller syncs from, as client-go's workqueue: a key is
 * queued at most once, handed to one worker at a time, and retried with exponential back-off
 * while its sync fails. Depends on the JDK only.
 */
package io.j8s.componentbase.workqueue;
