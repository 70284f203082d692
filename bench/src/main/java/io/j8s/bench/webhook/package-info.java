/**
 * The admission webhook benchmark: what a validating webhook that answers in about a millisecond
 * adds to the p99 of a create, measured against creates without it in the same run.
 */
package io.j8s.bench.webhook;
