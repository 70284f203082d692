/**
 * The cloud controller manager: node initialization, Service load balancers and pod CIDR routes,
 * each an informer-fed controller with a work queue, over a {@link io.j8s.cloud.provider.CloudProvider};
 * it sees the cluster only through the fabric8 client (and componentbase).
 */
package io.j8s.cloud;
