package io.j8s.kubelet.runtime;

import java.util.List;

/** An image the runtime holds: its id ({@code sha256:...}), names and size in bytes. */
public record Image(String id, List<String> repoTags, List<String> repoDigests, long size) {
    public Image {
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
    }
}
