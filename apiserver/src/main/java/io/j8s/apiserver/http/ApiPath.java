package io.j8s.apiserver.http;

import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.catalogue.ResourceType;
import java.util.Optional;

/**
 * What a resource URL names: {@code /api/v1/namespaces/default/pods/web/status} is group "",
 * version v1, namespace default, resource pods, name web, subresource status. The legacy
 * {@code /watch/} prefix sets {@code watch}.
 */
record ApiPath(String group, String version, String namespace, String plural, String name,
        String subresource, boolean watch) {

    /** Parses the segments after {@code /api/v1} or {@code /apis/group/version}. */
    static Optional<ApiPath> parse(ResourceCatalogue catalogue, String group, String version,
            String[] s) {
        int i = 0;
        boolean watch = false;
        if (s.length > 0 && s[0].equals("watch")) {
            watch = true;
            i = 1;
        }
        int n = s.length - i;
        if (n <= 0) {
            return Optional.empty();
        }
        String namespace = "";
        if (s[i].equals("namespaces") && n >= 3) {
            Optional<ResourceType> nested = catalogue.find(group, version, s[i + 2]);
            if (nested.isPresent() && nested.get().namespaced()) {
                namespace = s[i + 1];
                i += 2;
                n -= 2;
            }
        }
        String plural = s[i];
        String name = n >= 2 ? s[i + 1] : "";
        String sub = n >= 3 ? s[i + 2] : "";
        if (n > 3) {
            return Optional.empty();
        }
        return Optional.of(new ApiPath(group, version, namespace, plural, name, sub, watch));
    }
}
