/**
 * Real processes for tests and benchmarks: {@link io.j8s.testkit.EtcdServer} runs an etcd on free
 * loopback ports in a temporary directory, installing Debian's {@code etcd-server} when it is
 * missing. Depends on nothing of j8s, only the JDK.
 */
package io.j8s.testkit;
