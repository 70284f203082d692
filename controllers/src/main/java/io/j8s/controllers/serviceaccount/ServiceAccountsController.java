package io.j8s.controllers.serviceaccount;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.j8s.componentbase.informers.EventHandlers;
import io.j8s.componentbase.informers.SharedInformers;
import io.j8s.componentbase.workqueue.WorkQueue;
import io.j8s.controllers.Controller;
import io.j8s.controllers.ControllerContext;
import java.util.List;

/**
 * Upstream's service account controller: every active namespace has the ServiceAccounts named
 * here ({@code default}); one that is deleted is made again. The key is the namespace's name.
 */
public final class ServiceAccountsController implements Controller {
    static final List<String> ACCOUNTS = List.of("default");

    private final KubernetesClient client;
    private final SharedInformers informers;
    private final WorkQueue queue;

    public ServiceAccountsController(ControllerContext ctx) {
        this.client = ctx.client();
        this.informers = ctx.informers();
        this.queue = new WorkQueue("serviceaccount", this::sync);
        informers.informer(Namespace.class).addEventHandler(
                EventHandlers.addedOrUpdated(ns -> queue.add(ns.getMetadata().getName())));
        informers.informer(ServiceAccount.class).addEventHandler(EventHandlers.deleted(sa -> {
            if (ACCOUNTS.contains(sa.getMetadata().getName())) {
                queue.add(sa.getMetadata().getNamespace());
            }
        }));
    }

    /** Creates the missing accounts of one namespace, unless it is gone or terminating. */
    void sync(String namespace) {
        Namespace ns = informers.get(Namespace.class, null, namespace);
        if (ns == null || ns.getMetadata().getDeletionTimestamp() != null
                || ns.getStatus() != null && "Terminating".equals(ns.getStatus().getPhase())) {
            return;
        }
        for (String name : ACCOUNTS) {
            if (informers.get(ServiceAccount.class, namespace, name) != null) {
                continue;
            }
            try {
                client.serviceAccounts().inNamespace(namespace).resource(
                        new ServiceAccountBuilder().withNewMetadata().withName(name)
                                .withNamespace(namespace).endMetadata().build()).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409 || e.getCode() == 403 && terminating(e)) {
                    continue; // made by another writer, or the namespace is going
                }
                throw e;
            }
        }
    }

    static boolean terminating(KubernetesClientException e) {
        return e.getMessage() != null && e.getMessage().contains("being terminated");
    }

    @Override
    public void start() {
        queue.start();
    }

    @Override
    public void close() {
        queue.close();
    }
}
