/**
 * Pod volumes on the node: each volume of a pod set up under the pod's directory before its
 * containers start, kept up to date while it runs, torn down when it is gone.
 */
package io.j8s.kubelet.volumes;
