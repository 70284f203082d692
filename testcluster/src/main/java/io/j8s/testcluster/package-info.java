/**
 * A cluster to test components against: {@link io.j8s.testcluster.TestCluster} (a real API
 * server, in-process) and {@link io.j8s.testcluster.PodPlayer} (binds pods and reports them
 * Running and Ready through the API where no scheduler or kubelet is the subject). Test scope only.
 */
package io.j8s.testcluster;
