/**
 * Leader election on a {@code coordination.k8s.io} Lease, so that of several servers on one
 * datastore only one runs a component's loops. Depends on the fabric8 client only.
 */
package io.j8s.componentbase.leaderelection;
