package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.apiserver.admission.AdmissionPlugin;
import io.j8s.apiserver.admission.AdmissionRequest;
import io.j8s.apiserver.admission.AdmissionRequest.Operation;
import io.j8s.apiserver.admission.DefaultTolerationSecondsAdmission;
import io.j8s.apiserver.admission.LimitRangerAdmission;
import io.j8s.apiserver.admission.PriorityAdmission;
import io.j8s.apiserver.admission.ResourceQuotaAdmission;
import io.j8s.apiserver.admission.ServiceAccountAdmission;
import io.j8s.apiserver.webhook.WebhookAdmission;
import io.j8s.apiserver.webhook.WebhookClient;
import io.j8s.apiserver.podsecurity.PodSecurityAdmission;
import io.j8s.apiserver.podsecurity.PodSecurityConfiguration;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The admission plugins in upstream's order: NamespaceLifecycle, LimitRanger, ServiceAccount,
 * PodSecurity, Priority, DefaultTolerationSeconds, MutatingAdmissionWebhook,
 * ValidatingAdmissionWebhook, ResourceQuota, less those turned off
 * ({@link io.j8s.apiserver.admission.AdmissionPlugins}). All mutate first, then all validate.
 */
final class AdmissionChain implements Admission {
    private static final Logger LOG = Logger.getLogger("io.j8s.apiserver.admission");
    private final NamespaceLifecycle lifecycle;
    private final List<AdmissionPlugin> plugins;
    private final ResourceQuotaAdmission quota;
    private final List<WriteCheck> writeChecks = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** @param enabled the names of the plugins that run, upstream's */
    AdmissionChain(Registries registries, List<String> enabled,
            PodSecurityConfiguration podSecurity) {
        RegistryObjects objects = new RegistryObjects(registries);
        this.lifecycle = enabled.contains("NamespaceLifecycle") ? new NamespaceLifecycle(registries)
                : null;
        this.quota = new ResourceQuotaAdmission(objects);
        WebhookClient webhooks = new WebhookClient(objects);
        this.plugins = java.util.stream.Stream.<AdmissionPlugin>of(
                new LimitRangerAdmission(objects), new ServiceAccountAdmission(objects,
                        registries::mountsServiceAccountTokens),
                new PodSecurityAdmission(objects, podSecurity), new PriorityAdmission(objects),
                new DefaultTolerationSecondsAdmission(300),
                WebhookAdmission.mutating(objects, webhooks),
                new io.j8s.apiserver.admission.policy.ValidatingAdmissionPolicyAdmission(objects,
                        registries.catalogue()),
                WebhookAdmission.validating(objects, webhooks), quota)
                .filter(p -> enabled.contains(p.name())).toList();
    }

    void add(WriteCheck check) {
        writeChecks.add(check);
    }

    @Override
    public void checkWrite(ResourceType type, String subresource, ObjectNode object,
            ObjectNode old, io.j8s.apiserver.authn.UserInfo user) {
        for (WriteCheck c : writeChecks) {
            c.check(type, subresource, object, old, user);
        }
    }

    /** Recounts quotas whose status went wrong, when quota admission runs; every few minutes. */
    void repair() {
        if (plugins.contains(quota)) {
            quota.repair();
        }
    }

    private static AdmissionRequest request(Operation op, ResourceType type, ObjectNode object,
            ObjectNode old) {
        return request(op, type, object, old, false);
    }

    private static AdmissionRequest request(Operation op, ResourceType type, ObjectNode object,
            ObjectNode old, boolean dryRun) {
        String ns = type.namespaced() ? Meta.namespace(object != null ? object : old) : null;
        return new AdmissionRequest(op, type.group(), type.plural(), type.kind(), ns, object, old,
                dryRun);
    }

    /** A request with who writes, at which version, through which subresource. */
    private static AdmissionRequest request(Operation op, ResourceType type, ObjectNode object,
            ObjectNode old, String subresource, WriteOptions options) {
        String ns = type.namespaced() ? Meta.namespace(object != null ? object : old) : null;
        return new AdmissionRequest(op, type.group(), type.plural(), type.kind(), ns, object, old,
                options.dryRun(), type.version(), subresource, options.user());
    }

    @Override
    public void mutateCreate(ResourceType type, ObjectNode object, WriteOptions options) {
        AdmissionRequest r = request(Operation.CREATE, type, object, null, "", options);
        plugins.forEach(p -> p.mutate(r));
    }

    @Override
    public void mutateUpdate(ResourceType type, ObjectNode object, ObjectNode old,
            String subresource, WriteOptions options) {
        AdmissionRequest r = request(Operation.UPDATE, type, object, old, subresource, options);
        plugins.forEach(p -> p.mutate(r));
    }

    @Override
    public void admitCreate(ResourceType type, ObjectNode object, WriteOptions options) {
        if (lifecycle != null) {
            lifecycle.admitCreate(type, object, options);
        }
        AdmissionRequest r = request(Operation.CREATE, type, object, null, "", options);
        plugins.forEach(p -> p.validate(r));
    }

    @Override
    public void admitUpdate(ResourceType type, ObjectNode object, ObjectNode old,
            String subresource, WriteOptions options) {
        if (lifecycle != null) {
            lifecycle.admitUpdate(type, object, old, subresource, options);
        }
        AdmissionRequest r = request(Operation.UPDATE, type, object, old, subresource, options);
        plugins.forEach(p -> p.validate(r));
    }

    @Override
    public void admitDelete(ResourceType type, ObjectNode old, WriteOptions options) {
        AdmissionRequest r = request(Operation.DELETE, type, null, old, "", options);
        plugins.forEach(p -> p.validateDelete(r));
    }

    @Override
    public <T> T aroundCreate(ResourceType type, ObjectNode object, boolean dryRun,
            Supplier<T> checkAndWrite) {
        AdmissionRequest r = request(Operation.CREATE, type, object, null, dryRun);
        Supplier<T> chained = checkAndWrite;
        for (int i = plugins.size() - 1; i >= 0; i--) {
            AdmissionPlugin p = plugins.get(i);
            Supplier<T> inner = chained;
            chained = () -> p.around(r, inner);
        }
        return chained.get();
    }

    @Override
    public void written(ResourceType type, ObjectNode old, ObjectNode object) {
        AdmissionRequest r = request(object == null ? Operation.DELETE : Operation.UPDATE, type,
                object, old);
        for (AdmissionPlugin p : plugins) {
            try {
                p.written(r);
            } catch (RuntimeException e) {
                // the write is stored; what a plugin could not record it fixes later
                LOG.warning(p.name() + " could not record the " + r.operation() + " of "
                        + type.plural() + " " + r.namespace() + "/" + r.name() + ": "
                        + e.getMessage());
            }
        }
    }
}
