package io.j8s.apiserver.kubeletproxy;

import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
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

    /**
     * {@code options} with TLS on, this certificate shown and only the CA's kubelets trusted; with
     * a null {@code tls}, TLS on and nothing more (no kubelet will be reachable).
     */
    static <T extends ClientOptionsBase> T applyTo(T options, KubeletClientTls tls) {
        options.setSsl(true);
        if (tls != null) {
            options.setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(tls.certFile().toString())
                    .setKeyPath(tls.keyFile().toString()))
                    .setTrustOptions(new PemTrustOptions().addCertPath(tls.caFile().toString()));
        }
        return options;
    }
}
