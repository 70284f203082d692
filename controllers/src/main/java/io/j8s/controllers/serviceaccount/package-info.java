/**
 * The service account controller (a {@code default} ServiceAccount in every namespace) and the
 * root CA publisher (the {@code kube-root-ca.crt} ConfigMap in every namespace). Depends on the
 * controllers' context, the shared informers and the client only.
 */
package io.j8s.controllers.serviceaccount;
