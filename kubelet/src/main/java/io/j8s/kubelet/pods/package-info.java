/**
 * The pods this kubelet runs: one worker per pod driving the runtime toward the pod's spec, and
 * the status it reports back through the API.
 */
package io.j8s.kubelet.pods;
