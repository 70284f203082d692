package io.j8s.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Groups served by someone else (aggregated API servers) that discovery lists after the
 * catalogue's: their legacy APIGroup entries and their aggregated APIGroupDiscovery items.
 */
public interface DiscoverySource {
    DiscoverySource NONE = new DiscoverySource() {
        @Override
        public List<ObjectNode> groups() {
            return List.of();
        }

        @Override
        public List<ObjectNode> discoveryGroups() {
            return List.of();
        }

        @Override
        public long generation() {
            return 0;
        }
    };

    /** APIGroup entries ({@code name}, {@code versions}, {@code preferredVersion}). */
    List<ObjectNode> groups();

    /** APIGroupDiscovery items ({@code metadata.name}, {@code versions} with resources). */
    List<ObjectNode> discoveryGroups();

    /** Changes whenever what the two lists hold changes. */
    long generation();
}
