/**
 * Pod volumes on the node: each volume of a pod set up under the pod's directory before its
 * containers start, kept up to date while it runs, torn down when it is gone. {@link
 * io.j8s.kubelet.volumes.NodeVolumes} is the entry; one small class per volume type behind it.
 * Depends on the fabric8 client and the mount/umount commands only (docs/kubelet-volumes.md).
 */
package io.j8s.kubelet.volumes;
