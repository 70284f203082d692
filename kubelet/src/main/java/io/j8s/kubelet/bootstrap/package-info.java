/**
 * Joining a cluster, upstream's TLS bootstrap: with a join token the agent checks the server's
 * CA, asks for its node client and serving certificates by CertificateSigningRequests of keys it
 * made itself (no private key crosses the wire), and keeps them under DATA_DIR/agent. Depends on
 * the fabric8 client and BouncyCastle.
 */
package io.j8s.kubelet.bootstrap;
