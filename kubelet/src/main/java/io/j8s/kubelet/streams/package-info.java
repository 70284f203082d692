/**
 * Byte plumbing shared by the kubelet's streaming server and its CRI streaming client: an inbound
 * stream fed by the network and read by a blocking thread. Depends on the JDK only.
 */
package io.j8s.kubelet.streams;
