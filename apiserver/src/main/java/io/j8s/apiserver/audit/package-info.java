/**
 * Upstream's audit log: a policy file ({@link io.j8s.apiserver.audit.AuditPolicy}, audit.k8s.io/v1)
 * choosing a level per request, and audit.k8s.io/v1 Events written as JSON lines by
 * {@link io.j8s.apiserver.audit.AuditLog} to a file rotated by size, count and age
 * ({@link io.j8s.apiserver.audit.RotatingFile}). Secrets are never logged above Metadata.
 */
package io.j8s.apiserver.audit;
