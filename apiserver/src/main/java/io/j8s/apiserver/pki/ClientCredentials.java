package io.j8s.apiserver.pki;

import java.nio.file.Path;
import java.util.List;

/**
 * A client certificate and its key on disk, signed by the cluster CA: {@code CN=user}, one
 * {@code O=} per group, the way the API server reads an x509 identity.
 */
public record ClientCredentials(String user, List<String> groups, Path certFile, Path keyFile) {
    public ClientCredentials {
        groups = List.copyOf(groups);
    }
}
