/**
 * Matching rules several plugins share, as upstream's component-helpers: node selector terms
 * against a Node, tolerations against taints, and the default score normalisation. Depends on
 * the framework's contract and the fabric8 model only.
 */
package io.j8s.scheduler.plugins.matching;
