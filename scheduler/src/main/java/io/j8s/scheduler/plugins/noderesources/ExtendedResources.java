package io.j8s.scheduler.plugins.noderesources;

/** Upstream's {@code IsExtendedResourceName}: a "domain/name" resource outside kubernetes.io. */
final class ExtendedResources {
    private ExtendedResources() {}

    static boolean isExtended(String name) {
        return name.contains("/") && !name.contains("kubernetes.io/") && !name.startsWith("requests.");
    }
}
