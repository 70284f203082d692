/**
 * Upstream's clusterrole-aggregation controller: a ClusterRole with an {@code aggregationRule}
 * holds the rules of every ClusterRole its selectors match.
 */
package io.j8s.controllers.clusterroleaggregation;
