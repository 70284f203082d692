/**
 * The cluster's certificates: a CA generated on first start under {@code <data-dir>/server/tls/},
 * the API server's serving certificate, one client certificate per identity, and kubeconfig files
 * that embed them. Depends only on the JDK and BouncyCastle.
 */
package io.j8s.apiserver.pki;
