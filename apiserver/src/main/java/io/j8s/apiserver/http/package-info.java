/**
 * The HTTP side of the API server: Vert.x accepts requests, {@link io.j8s.apiserver.http.RequestInfo}
 * says once what each asks for, {@link io.j8s.apiserver.http.Gate} authenticates and authorizes it
 * before its body is read, {@link io.j8s.apiserver.http.ApiHandler} runs the verb against the
 * registries on a virtual thread, and every failure leaves as a {@code Status} body. Pods' log,
 * exec, attach and portforward go to the pod's kubelet instead, through
 * {@link io.j8s.apiserver.http.PodStreamProxy}.
 */
package io.j8s.apiserver.http;
