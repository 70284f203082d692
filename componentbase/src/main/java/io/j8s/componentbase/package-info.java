/**
 * What every component that talks to the cluster through the API shares (upstream's
 * component-base and client-go tools): recording Events, shared informers, leader election on a
 * Lease, the work queue controllers sync from. Depends on the fabric8 client only; components
 * depend on it, never the other way.
 */
package io.j8s.componentbase;
