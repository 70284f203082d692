package io.j8s.controllers.certificates;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.componentbase.workqueue.WorkQueue;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An informer on CertificateSigningRequests that queues the name of each one that changes. */
final class CsrInformer {
    private CsrInformer() {}

    static SharedIndexInformer<CertificateSigningRequest> start(KubernetesClient client,
            WorkQueue queue, String controller) {
        SharedIndexInformer<CertificateSigningRequest> informer = client.certificates().v1()
                .certificateSigningRequests().runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(CertificateSigningRequest csr) {
                queue.add(csr.getMetadata().getName());
            }

            @Override
            public void onUpdate(CertificateSigningRequest old, CertificateSigningRequest csr) {
                queue.add(csr.getMetadata().getName());
            }

            @Override
            public void onDelete(CertificateSigningRequest csr, boolean finalStateUnknown) {
                // nothing to do for a request that is gone
            }
        });
        try {
            informer.start().toCompletableFuture().get(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            informer.stop();
            throw new IllegalStateException(controller + ": cannot list certificate signing"
                    + " requests: " + e.getMessage(), e);
        }
        queue.start();
        return informer;
    }

    /** Whether the request has a condition of this type with status True. */
    static boolean has(CertificateSigningRequest csr, String type) {
        if (csr.getStatus() == null || csr.getStatus().getConditions() == null) {
            return false;
        }
        List<CertificateSigningRequestCondition> conditions = csr.getStatus().getConditions();
        return conditions.stream().anyMatch(c -> type.equals(c.getType())
                && (c.getStatus() == null || c.getStatus().isEmpty()
                        || "True".equals(c.getStatus())));
    }

    static boolean hasCertificate(CertificateSigningRequest csr) {
        return csr.getStatus() != null && csr.getStatus().getCertificate() != null
                && !csr.getStatus().getCertificate().isEmpty();
    }
}
