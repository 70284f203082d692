/**
 * Admission webhooks (MutatingAdmissionWebhook, ValidatingAdmissionWebhook): the configurations,
 * which webhooks a write matches, and AdmissionReview v1 calls over HTTPS. Depends on admission,
 * authn, patch and the api module; the registry wires it into the admission chain.
 */
package io.j8s.apiserver.webhook;
