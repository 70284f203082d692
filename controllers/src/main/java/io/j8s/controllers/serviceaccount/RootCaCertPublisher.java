package io.j8s.controllers.serviceaccount;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.j8s.componentbase.informers.EventHandlers;
import io.j8s.componentbase.informers.SharedInformers;
import io.j8s.componentbase.workqueue.WorkQueue;
import io.j8s.controllers.Controller;
import io.j8s.controllers.ControllerContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Upstream's root-ca-cert-publisher: every namespace that is not terminating holds the ConfigMap
 * {@code kube-root-ca.crt} whose {@code ca.crt} is the cluster CA, put back when it is deleted or
 * changed. The key is the namespace's name.
 */
public final class RootCaCertPublisher implements Controller {
    private static final Logger LOG = Logger.getLogger("io.j8s.controllers.serviceaccount");
    static final String NAME = "kube-root-ca.crt";
    static final String KEY = "ca.crt";
    static final String DESCRIPTION = "kubernetes.io/description";
    static final String DESCRIPTION_TEXT = "Contains a CA bundle that can be used to verify the"
            + " kube-apiserver when using internal endpoints such as the internal service IP or"
            + " kubernetes.default.svc. No other usage is guaranteed across distributions of"
            + " Kubernetes clusters.";

    private final KubernetesClient client;
    private final SharedInformers informers;
    private final String rootCa;
    private final WorkQueue queue;

    public RootCaCertPublisher(ControllerContext ctx) {
        this.client = ctx.client();
        this.informers = ctx.informers();
        this.rootCa = ctx.rootCa() != null ? ctx.rootCa() : clientCa(client.getConfiguration());
        this.queue = new WorkQueue("root-ca-cert-publisher", this::sync);
        informers.informer(Namespace.class).addEventHandler(
                EventHandlers.addedOrUpdated(ns -> queue.add(ns.getMetadata().getName())));
        informers.informer(ConfigMap.class).addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap cm) {}

            @Override
            public void onUpdate(ConfigMap old, ConfigMap cm) {
                enqueue(cm);
            }

            @Override
            public void onDelete(ConfigMap cm, boolean unknown) {
                enqueue(cm);
            }
        });
    }

    private void enqueue(ConfigMap cm) {
        if (NAME.equals(cm.getMetadata().getName())) {
            queue.add(cm.getMetadata().getNamespace());
        }
    }

    /** The CA the client trusts, as PEM; empty when it has none (plain HTTP). */
    static String clientCa(Config config) {
        if (config.getCaCertData() != null && !config.getCaCertData().isEmpty()) {
            return new String(Base64.getDecoder().decode(config.getCaCertData()),
                    StandardCharsets.UTF_8);
        }
        if (config.getCaCertFile() != null && !config.getCaCertFile().isEmpty()) {
            try {
                return Files.readString(Path.of(config.getCaCertFile()));
            } catch (IOException e) {
                LOG.warning("root-ca-cert-publisher: cannot read " + config.getCaCertFile()
                        + ": " + e.getMessage());
            }
        }
        return "";
    }

    void sync(String namespace) {
        Namespace ns = informers.get(Namespace.class, null, namespace);
        if (ns == null || ns.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        ConfigMap cm = informers.get(ConfigMap.class, namespace, NAME);
        try {
            if (cm == null) {
                client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                        .withNewMetadata().withName(NAME).withNamespace(namespace)
                        .addToAnnotations(DESCRIPTION, DESCRIPTION_TEXT).endMetadata()
                        .addToData(KEY, rootCa).build()).create();
                return;
            }
            Map<String, String> annotations = cm.getMetadata().getAnnotations();
            if (Objects.equals(cm.getData(), Map.of(KEY, rootCa)) && annotations != null
                    && annotations.containsKey(DESCRIPTION)) {
                return;
            }
            ConfigMap next = new ConfigMapBuilder(cm).withData(Map.of(KEY, rootCa)).build();
            Map<String, String> all = new LinkedHashMap<>(annotations == null ? Map.of()
                    : annotations);
            all.put(DESCRIPTION, DESCRIPTION_TEXT);
            next.getMetadata().setAnnotations(all);
            client.configMaps().inNamespace(namespace).resource(next).update();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404
                    || e.getCode() == 403 && ServiceAccountsController.terminating(e)) {
                queue.addAfter(namespace, java.time.Duration.ofSeconds(1)); // moved under us
                return;
            }
            throw e;
        }
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
