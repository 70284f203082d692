/**
 * The Kubernetes CEL environment on Google's CEL for Java: the standard library, Kubernetes'
 * libraries (lists, regex, urls, quantity, ip/cidr, authorizer), the mapping of JSON to CEL values,
 * and the estimated and run-time cost limits. Used by CRD validation rules and admission policies.
 */
package io.j8s.apiserver.cel;
