/**
 * CertificateSigningRequests of kubelets, as upstream's csrapproving and csrsigning controllers:
 * the approver approves a node's client and serving requests, the signer signs approved ones with
 * the cluster CA whose files it is given. Depends on api, the fabric8 client and BouncyCastle.
 */
package io.j8s.controllers.certificates;
