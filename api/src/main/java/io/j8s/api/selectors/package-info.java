/**
 * Label and field selectors with upstream's grammar, matching and error wording: what
 * {@code ?labelSelector=} and {@code ?fieldSelector=} mean, and what a workload's
 * {@code spec.selector} selects. Depends on fabric8's model, {@code io.j8s.api.errors} and
 * {@code io.j8s.api.validation}.
 */
package io.j8s.api.selectors;
