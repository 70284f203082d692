package io.j8s.apiserver.aggregation;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The request-header authentication the API server uses toward aggregated API servers, as
 * upstream's {@code --proxy-client-cert-file}, {@code --proxy-client-key-file} and
 * {@code --requestheader-client-ca-file}, with {@code --client-ca-file} that is published with
 * them in {@code kube-system/extension-apiserver-authentication}. All PEM files.
 *
 * @param certFile the front-proxy client certificate ({@code CN=front-proxy-client})
 * @param keyFile its key
 * @param requestHeaderCaFile the front-proxy CA that signed it
 * @param clientCaFile the CA of the cluster's client certificates
 */
public record FrontProxy(Path certFile, Path keyFile, Path requestHeaderCaFile,
        Path clientCaFile) {
    /** The name aggregated servers accept the client certificate from. */
    public static final String CLIENT_NAME = "front-proxy-client";

    public FrontProxy {
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(requestHeaderCaFile, "requestHeaderCaFile");
        Objects.requireNonNull(clientCaFile, "clientCaFile");
    }
}
