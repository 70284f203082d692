package io.j8s.kubelet.node;

/**
 * Who this node is in the API: its name, the address others reach it at (InternalIP), its host
 * name, and the port its kubelet API listens on.
 */
public record NodeIdentity(String name, String address, String hostname, int kubeletPort) {}
