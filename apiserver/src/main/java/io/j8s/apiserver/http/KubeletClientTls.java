package io.j8s.apiserver.http;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the API server reaches kubelets: its client certificate and key (upstream's
 * {@code --kubelet-client-certificate}, {@code --kubelet-client-key}) and the CA that signed the
 * kubelets' serving certificates ({@code --kubelet-certificate-authority}), all PEM files.
 */
public record KubeletClientTls(Path certFile, Path keyFile, Path caFile) {
    public KubeletClientTls {
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(caFile, "caFile");
    }
}
