package io.j8s.cloud.provider;

/** Failure domains, as upstream's {@code cloudprovider.Zones}. */
public interface Zones {
    record Zone(String failureDomain, String region) {}

    Zone zoneByNodeName(String nodeName) throws CloudException;
}
