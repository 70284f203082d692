/**
 * Conversion between the versions of a kind that upstream stores once and serves at several:
 * HorizontalPodAutoscaler ({@code autoscaling/v2} stored, {@code v1} served) and Event (core
 * {@code v1} stored, {@code events.k8s.io/v1} served). Depends on the api codec only.
 */
package io.j8s.apiserver.conversion;
