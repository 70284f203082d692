/**
 * Authentication and authorization benchmarks' parts: {@link io.j8s.bench.authz.TokenLoad}
 * measures TokenRequest and service account token authentication.
 */
package io.j8s.bench.authz;
