/**
 * The service proxy (kube-proxy): {@link io.j8s.proxy.ServiceProxy} watches Services and
 * EndpointSlices through the API and writes them as nftables or iptables rules in tables and
 * chains of its own. Depends on the {@code api} module, componentbase and the fabric8 client only.
 */
package io.j8s.proxy;
