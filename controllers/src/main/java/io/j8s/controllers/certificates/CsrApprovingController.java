package io.j8s.controllers.certificates;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.componentbase.workqueue.WorkQueue;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Upstream's csrapproving controller for kubelets: approves a
 * {@code kubernetes.io/kube-apiserver-client-kubelet} request for {@code CN=system:node:NAME,
 * O=system:nodes} with the client usages when a bootstrapper ({@code system:bootstrappers}) asks
 * for it, or when the node itself renews it; and a {@code kubernetes.io/kubelet-serving} request
 * when node NAME asks for its own certificate, naming only itself and its own addresses (checked
 * against its Node when it is registered). Other requests are left for someone else to decide.
 */
public final class CsrApprovingController implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("io.j8s.controllers.certificates");
    static final String BOOTSTRAPPERS = "system:bootstrappers";

    private final KubernetesClient client;
    private final WorkQueue queue;
    private SharedIndexInformer<CertificateSigningRequest> informer;

    public CsrApprovingController(KubernetesClient client) {
        this.client = Objects.requireNonNull(client);
        this.queue = new WorkQueue("csrapproving", this::sync);
    }

    public CsrApprovingController start() {
        informer = CsrInformer.start(client, queue, "csrapproving");
        return this;
    }

    void sync(String name) {
        CertificateSigningRequest csr = informer.getStore().getByKey(name);
        if (csr == null || CsrInformer.has(csr, "Approved") || CsrInformer.has(csr, "Denied")
                || CsrInformer.hasCertificate(csr)) {
            return;
        }
        CertificateSigningRequestSpec spec = csr.getSpec();
        KubeletCsr request;
        try {
            request = KubeletCsr.parse(spec.getRequest());
        } catch (IllegalArgumentException e) {
            LOG.fine("csrapproving: " + name + ": " + e.getMessage());
            return;
        }
        List<String> usages = spec.getUsages() == null ? List.of() : spec.getUsages();
        List<String> groups = spec.getGroups() == null ? List.of() : spec.getGroups();
        String user = spec.getUsername() == null ? "" : spec.getUsername();
        String message = switch (String.valueOf(spec.getSignerName())) {
            case KubeletCsr.CLIENT_SIGNER -> {
                if (request.clientProblem(usages).isPresent()) {
                    yield null;
                }
                if (user.equals(request.commonName()) && groups.contains(KubeletCsr.NODES)) {
                    yield "Auto approving self kubelet client certificate after SubjectAccessReview.";
                }
                yield groups.contains(BOOTSTRAPPERS)
                        ? "Auto approving kubelet client certificate after SubjectAccessReview."
                        : null;
            }
            case KubeletCsr.SERVING_SIGNER -> {
                if (request.servingProblem(usages).isPresent()
                        || !user.equals(request.commonName())
                        || !groups.contains(KubeletCsr.NODES)
                        || !ownNames(request)) {
                    yield null;
                }
                yield "Auto approving kubelet serving certificate for node "
                        + request.commonName().substring(KubeletCsr.NODE_PREFIX.length()) + ".";
            }
            default -> null;
        };
        if (message == null) {
            return;
        }
        client.certificates().v1().certificateSigningRequests().withName(name).approve(
                new CertificateSigningRequestConditionBuilder().withType("Approved")
                        .withStatus("True").withReason("AutoApproved").withMessage(message)
                        .build());
        LOG.info("csrapproving: approved " + name + " (" + spec.getSignerName() + ") for "
                + request.commonName() + ", requested by " + user);
    }

    /**
     * Whether a serving request names only its node: the node's name and, once the Node is
     * registered, the addresses it reports.
     */
    private boolean ownNames(KubeletCsr request) {
        String nodeName = request.commonName().substring(KubeletCsr.NODE_PREFIX.length());
        Node node = client.nodes().withName(nodeName).get();
        if (node == null) {
            // Not registered yet (a joining agent asks before its kubelet registers): only the
            // node's own credentials can ask for this name, and they are checked above.
            return true;
        }
        Set<String> own = new HashSet<>();
        own.add(nodeName);
        if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
            for (NodeAddress a : node.getStatus().getAddresses()) {
                own.add(a.getAddress());
            }
        }
        boolean ok = own.containsAll(request.dnsNames()) && own.containsAll(request.ipAddresses());
        if (!ok) {
            LOG.info("csrapproving: not approving a serving certificate for " + nodeName
                    + ": it names " + request.dnsNames() + " " + request.ipAddresses()
                    + ", the node reports " + own);
        }
        return ok;
    }

    @Override
    public void close() {
        queue.close();
        if (informer != null) {
            informer.stop();
        }
    }
}
