/**
 * The {@code sim} runtime: a {@link io.j8s.kubelet.runtime.ContainerRuntime} that runs nothing,
 * the hollow node of tests and scale runs. Depends only on the runtime contract.
 */
package io.j8s.kubelet.runtime.sim;
