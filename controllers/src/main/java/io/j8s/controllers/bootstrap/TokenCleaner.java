package io.j8s.controllers.bootstrap;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.j8s.componentbase.informers.EventHandlers;
import io.j8s.componentbase.informers.SharedInformers;
import io.j8s.componentbase.workqueue.WorkQueue;
import io.j8s.controllers.Controller;
import io.j8s.controllers.ControllerContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.logging.Logger;

/**
 * Upstream's tokencleaner: a Secret of type {@code bootstrap.kubernetes.io/token} in
 * {@code kube-system} whose {@code expiration} (RFC 3339) has passed is deleted; one not yet
 * expired is looked at again when it expires.
 */
public final class TokenCleaner implements Controller {
    private static final Logger LOG = Logger.getLogger("io.j8s.controllers.bootstrap");
    static final String TYPE = "bootstrap.kubernetes.io/token";
    static final String NAMESPACE = "kube-system";

    private final KubernetesClient client;
    private final SharedInformers informers;
    private final Clock clock;
    private final WorkQueue queue;

    public TokenCleaner(ControllerContext ctx) {
        this.client = ctx.client();
        this.informers = ctx.informers();
        this.clock = ctx.clock();
        this.queue = new WorkQueue("tokencleaner", this::sync);
        informers.informer(Secret.class).addEventHandler(
                EventHandlers.addedOrUpdated(this::enqueue));
    }

    private void enqueue(Secret s) {
        if (TYPE.equals(s.getType()) && NAMESPACE.equals(s.getMetadata().getNamespace())) {
            queue.add(s.getMetadata().getName());
        }
    }

    void sync(String name) {
        Secret secret = informers.get(Secret.class, NAMESPACE, name);
        if (secret == null || secret.getMetadata().getDeletionTimestamp() != null
                || !TYPE.equals(secret.getType()) || secret.getData() == null) {
            return;
        }
        String encoded = secret.getData().get("expiration");
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        Instant expiration;
        try {
            expiration = Instant.parse(new String(Base64.getDecoder().decode(encoded),
                    StandardCharsets.UTF_8).strip());
        } catch (DateTimeParseException | IllegalArgumentException e) {
            LOG.fine("tokencleaner: " + name + " has an unreadable expiration");
            return;
        }
        Duration left = Duration.between(clock.instant(), expiration);
        if (left.isPositive()) {
            queue.addAfter(name, left);
            return;
        }
        LOG.info("tokencleaner: deleting expired bootstrap token secret kube-system/" + name);
        try {
            client.secrets().inNamespace(NAMESPACE).withName(name).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
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
