/**
 * ValidatingAdmissionPolicy and its bindings (admissionregistration.k8s.io/v1): policies
 * compiled once into CEL programs ({@link io.j8s.apiserver.cel}), matched against each write and
 * enforced with Deny, Warn and Audit actions by an admission plugin.
 */
package io.j8s.apiserver.admission.policy;
