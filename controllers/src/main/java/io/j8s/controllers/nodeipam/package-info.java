/**
 * Node IPAM, upstream's range allocator: each Node gets a pod subnet ({@code spec.podCIDR}) cut
 * from the cluster CIDR, kept while the Node lives and freed when it goes. Depends on api and the
 * fabric8 client only.
 */
package io.j8s.controllers.nodeipam;
