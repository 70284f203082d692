/**
 * The StatefulSet controller: pods with stable ordinal names, hostnames and claims, created and
 * deleted in order (OrderedReady) or all at once (Parallel), rolled to a new ControllerRevision
 * from the highest ordinal down to the partition. Depends on api, the client and
 * {@code controllers.history}.
 */
package io.j8s.controllers.statefulset;
