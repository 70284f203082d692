package io.j8s.apiserver.audit;

import java.util.List;

/**
 * What the policy matches a request on, and what its events name: the user, the verb
 * (upstream's: get, list, watch, create, update, patch, delete, deletecollection, or the HTTP
 * method in lower case for non-resource requests) and, for resource requests, what it is on.
 */
public record AuditAttributes(String user, List<String> groups, String verb,
        boolean resourceRequest, String path, String apiGroup, String apiVersion,
        String resource, String subresource, String namespace, String name) {

    boolean isSecret() {
        return resourceRequest && apiGroup.isEmpty() && resource.equals("secrets");
    }
}
