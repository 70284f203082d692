package io.j8s.controllers.serviceaccount;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.j8s.componentbase.informers.EventHandlers;
import io.j8s.componentbase.informers.SharedInformers;
import io.j8s.componentbase.workqueue.WorkQueue;
import io.j8s.controllers.Controller;
import io.j8s.controllers.ControllerContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Upstream's serviceaccount-token controller: a Secret of type
 * {@code kubernetes.io/service-account-token} naming a service account in the annotation
 * {@code kubernetes.io/service-account.name} gets a legacy token of that account, the cluster CA
 * ({@code ca.crt}) and the {@code namespace}, and the account's uid in
 * {@code kubernetes.io/service-account.uid}; such a Secret whose account does not exist (or has
 * another uid) is deleted, as are an account's token Secrets when the account is. Without a
 * signing key ({@code --service-account-private-key-file}) it does nothing.
 */
public final class TokensController implements Controller {
    private static final Logger LOG = Logger.getLogger("io.j8s.controllers.serviceaccount");
    static final String TYPE = "kubernetes.io/service-account-token";
    static final String NAME_ANNOTATION = "kubernetes.io/service-account.name";
    static final String UID_ANNOTATION = "kubernetes.io/service-account.uid";

    private final KubernetesClient client;
    private final SharedInformers informers;
    private final String rootCa;
    private final LegacyTokens tokens;
    private final WorkQueue queue;

    public TokensController(ControllerContext ctx) {
        this.client = ctx.client();
        this.informers = ctx.informers();
        this.rootCa = ctx.rootCa() != null ? ctx.rootCa()
                : RootCaCertPublisher.clientCa(client.getConfiguration());
        this.tokens = ctx.serviceAccountKeyFile() == null ? null
                : LegacyTokens.load(ctx.serviceAccountKeyFile());
        this.queue = new WorkQueue("serviceaccount-token", this::sync);
        if (tokens == null) {
            LOG.info("serviceaccount-token: no --service-account-private-key-file, legacy"
                    + " token Secrets are not filled in");
            return;
        }
        informers.informer(Secret.class).addEventHandler(
                EventHandlers.addedOrUpdated(this::enqueue));
        informers.informer(ServiceAccount.class).addEventHandler(EventHandlers.deleted(sa -> {
            for (Secret s : informers.informer(Secret.class).getStore().list()) {
                if (TYPE.equals(s.getType())
                        && sa.getMetadata().getNamespace().equals(s.getMetadata().getNamespace())) {
                    enqueue(s);
                }
            }
        }));
    }

    private void enqueue(Secret s) {
        if (TYPE.equals(s.getType())) {
            queue.add(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName());
        }
    }

    void sync(String key) {
        String namespace = key.substring(0, key.indexOf('/'));
        String name = key.substring(key.indexOf('/') + 1);
        Secret secret = informers.get(Secret.class, namespace, name);
        if (secret == null || secret.getMetadata().getDeletionTimestamp() != null
                || !TYPE.equals(secret.getType())) {
            return;
        }
        Map<String, String> annotations = secret.getMetadata().getAnnotations() == null
                ? Map.of() : secret.getMetadata().getAnnotations();
        String accountName = annotations.getOrDefault(NAME_ANNOTATION, "");
        String wantedUid = annotations.getOrDefault(UID_ANNOTATION, "");
        try {
            ServiceAccount account = accountName.isEmpty() ? null
                    : client.serviceAccounts().inNamespace(namespace).withName(accountName).get();
            if (account == null || !wantedUid.isEmpty()
                    && !wantedUid.equals(account.getMetadata().getUid())) {
                LOG.info("serviceaccount-token: deleting " + key + ", its service account "
                        + accountName + " is gone");
                client.secrets().inNamespace(namespace).withName(name).delete();
                return;
            }
            Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
            if (filled(data, "token") && filled(data, "ca.crt") && filled(data, "namespace")) {
                return;
            }
            String token = tokens.sign(namespace, accountName, account.getMetadata().getUid(), name);
            Map<String, String> next = new LinkedHashMap<>(data);
            next.put("token", base64(token));
            next.put("ca.crt", base64(rootCa));
            next.put("namespace", base64(namespace));
            Secret filled = new SecretBuilder(secret).withData(next).editMetadata()
                    .addToAnnotations(UID_ANNOTATION, account.getMetadata().getUid()).endMetadata()
                    .build();
            client.secrets().inNamespace(namespace).resource(filled).update();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                queue.addAfter(key, java.time.Duration.ofSeconds(1)); // changed under us
                return;
            }
            throw e;
        }
    }

    private static boolean filled(Map<String, String> data, String key) {
        return data.get(key) != null && !data.get(key).isEmpty();
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
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
