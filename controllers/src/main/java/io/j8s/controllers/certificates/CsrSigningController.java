package io.j8s.controllers.certificates;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.componentbase.workqueue.WorkQueue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Upstream's csrsigning controller for the kubelet signers
 * ({@code kubernetes.io/kube-apiserver-client-kubelet} and {@code kubernetes.io/kubelet-serving}):
 * an approved request gets {@code status.certificate} signed by the cluster CA; one the signer
 * may not sign gets the {@code Failed} condition with reason {@code SignerValidationFailure}.
 */
public final class CsrSigningController implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("io.j8s.controllers.certificates");
    private static final Set<String> SIGNERS = Set.of(KubeletCsr.CLIENT_SIGNER,
            KubeletCsr.SERVING_SIGNER);

    private final KubernetesClient client;
    private final SigningAuthority ca;
    private final Clock clock;
    private final WorkQueue queue;
    private SharedIndexInformer<CertificateSigningRequest> informer;

    /**
     * @param caCertFile the cluster CA's PEM certificate
     * @param caKeyFile its PEM private key
     * @throws IllegalStateException if either file cannot be read
     */
    public CsrSigningController(KubernetesClient client, Path caCertFile, Path caKeyFile) {
        this(client, caCertFile, caKeyFile, Clock.systemUTC());
    }

    CsrSigningController(KubernetesClient client, Path caCertFile, Path caKeyFile, Clock clock) {
        this.client = Objects.requireNonNull(client);
        this.clock = clock;
        this.ca = SigningAuthority.read(caCertFile, caKeyFile, clock);
        this.queue = new WorkQueue("csrsigning", this::sync);
    }

    public CsrSigningController start() {
        informer = CsrInformer.start(client, queue, "csrsigning");
        return this;
    }

    void sync(String name) {
        CertificateSigningRequest csr = informer.getStore().getByKey(name);
        if (csr == null || !SIGNERS.contains(csr.getSpec().getSignerName())
                || !CsrInformer.has(csr, "Approved") || CsrInformer.has(csr, "Denied")
                || CsrInformer.has(csr, "Failed") || CsrInformer.hasCertificate(csr)) {
            return;
        }
        KubeletCsr request;
        try {
            request = KubeletCsr.parse(csr.getSpec().getRequest());
        } catch (IllegalArgumentException e) {
            LOG.warning("csrsigning: unable to parse csr \"" + name + "\": " + e.getMessage());
            return;
        }
        List<String> usages = csr.getSpec().getUsages() == null ? List.of()
                : csr.getSpec().getUsages();
        Optional<String> problem = request.problemFor(csr.getSpec().getSignerName(), usages);
        CertificateSigningRequestBuilder updated = new CertificateSigningRequestBuilder(csr);
        if (problem.isPresent()) {
            updated.editOrNewStatus().addToConditions(new CertificateSigningRequestConditionBuilder()
                    .withType("Failed").withStatus("True").withReason("SignerValidationFailure")
                    .withMessage(problem.get()).withLastUpdateTime(Instant.now(clock).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
                    .build()).endStatus();
            client.certificates().v1().certificateSigningRequests().resource(updated.build())
                    .updateStatus();
            LOG.info("csrsigning: " + name + " failed: " + problem.get());
            return;
        }
        String pem = ca.sign(request, usages, csr.getSpec().getExpirationSeconds());
        updated.editOrNewStatus().withCertificate(Base64.getEncoder().encodeToString(
                pem.getBytes(StandardCharsets.US_ASCII))).endStatus();
        client.certificates().v1().certificateSigningRequests().resource(updated.build())
                .updateStatus();
        LOG.info("csrsigning: signed " + name + " for " + request.commonName() + " ("
                + csr.getSpec().getSignerName() + ")");
    }

    @Override
    public void close() {
        queue.close();
        if (informer != null) {
            informer.stop();
        }
    }
}
