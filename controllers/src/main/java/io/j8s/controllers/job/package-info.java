/**
 * Upstream's Job controller: pods for completions and parallelism (NonIndexed and Indexed),
 * back-off, pod failure policy, deadline, suspend, and job tracking with pod finalizers so no
 * finished pod is lost or counted twice. Depends on the controllers' contract and the client.
 */
package io.j8s.controllers.job;
