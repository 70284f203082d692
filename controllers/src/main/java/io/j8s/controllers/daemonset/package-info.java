/**
 * The DaemonSet controller: one pod per node the set's node selector, required node affinity and
 * tolerations allow, pinned to its node through node affinity for the scheduler to bind, rolled to
 * a new template with maxUnavailable or maxSurge. Depends on api, the client and
 * {@code controllers.history}.
 */
package io.j8s.controllers.daemonset;
