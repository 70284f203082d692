package io.j8s.controllers.garbagecollector;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** A resource discovery reported: its group, version, plural name, kind and scope. */
record Resource(String group, String version, String plural, String kind, boolean namespaced) {

    String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The same resource in another version of its group (an ownerReference's apiVersion). */
    Resource inVersion(String otherVersion) {
        return new Resource(group, otherVersion, plural, kind, namespaced);
    }

    ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version)
                .withPlural(plural).withKind(kind).withNamespaced(namespaced).build();
    }

    /** The object's path under the API server's root. */
    String path(String namespace, String name) {
        String root = group.isEmpty() ? "/api/v1" : "/apis/" + group + "/" + version;
        String ns = namespaced && !namespace.isEmpty() ? "/namespaces/" + namespace : "";
        return root + ns + "/" + plural + "/" + name;
    }
}
