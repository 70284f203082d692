/**
 * The j8s scheduler (kube-scheduler): binds pending pods to nodes through the API with its own
 * identity. Packages: {@code framework} (the plugin contract), {@code plugins.*} (one in-tree
 * plugin each), {@code runtime}, {@code queue}, {@code cache}, {@code config}. Depends on the
 * {@code api} module and the fabric8 client only.
 */
package io.j8s.scheduler;
