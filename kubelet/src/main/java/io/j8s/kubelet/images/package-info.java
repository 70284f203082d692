/**
 * Container images built on the node: {@link io.j8s.kubelet.images.OciArchive} writes OCI image
 * archives (the busybox test image, the pause image) that containerd imports. Plain JDK only.
 */
package io.j8s.kubelet.images;
