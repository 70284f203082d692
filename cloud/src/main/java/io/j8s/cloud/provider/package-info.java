/**
 * The cloud provider interface in the shape of upstream's k8s.io/cloud-provider: a
 * {@link io.j8s.cloud.provider.CloudProvider} hands out the optional parts it has (InstancesV2,
 * Zones, LoadBalancer, Routes). Depends on the fabric8 model only.
 */
package io.j8s.cloud.provider;
