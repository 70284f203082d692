package io.j8s.apiserver.webhook;

import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.admission.AdmissionPlugin;
import io.j8s.apiserver.admission.AdmissionRequest;
import io.j8s.apiserver.admission.ClusterObjects;
import io.j8s.apiserver.admission.AdmissionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Upstream's MutatingAdmissionWebhook and ValidatingAdmissionWebhook. Mutating webhooks are
 * called one after the other in the mutating phase, their JSON patches applied, and those with
 * {@code reinvocationPolicy: IfNeeded} called once more when a later webhook changed the object;
 * validating webhooks are called all at once after validation. Creates and updates are sent.
 */
public final class WebhookAdmission implements AdmissionPlugin {
    private static final ExecutorService CALLS = Executors.newVirtualThreadPerTaskExecutor();
    private final boolean mutating;
    private final Configurations configurations;
    private final WebhookCall call;

    private WebhookAdmission(boolean mutating, ClusterObjects objects, WebhookClient client) {
        this.mutating = mutating;
        this.configurations = new Configurations(objects, mutating
                ? "mutatingwebhookconfigurations" : "validatingwebhookconfigurations");
        this.call = new WebhookCall(objects, client);
    }

    public static WebhookAdmission mutating(ClusterObjects objects, WebhookClient client) {
        return new WebhookAdmission(true, objects, client);
    }

    public static WebhookAdmission validating(ClusterObjects objects, WebhookClient client) {
        return new WebhookAdmission(false, objects, client);
    }

    @Override
    public String name() {
        return mutating ? "MutatingAdmissionWebhook" : "ValidatingAdmissionWebhook";
    }

    @Override
    public void mutate(AdmissionRequest r) {
        if (!mutating) {
            return;
        }
        List<Webhook> hooks = configurations.webhooks();
        if (hooks.isEmpty()) {
            return;
        }
        List<Webhook> reinvoke = new ArrayList<>();
        int lastChange = -1;
        for (int i = 0; i < hooks.size(); i++) {
            Webhook hook = hooks.get(i);
            AdmissionRequest seen = call.matching(hook, r);
            if (seen == null) {
                continue;
            }
            if (call.mutate(hook, seen, r, 0)) {
                lastChange = i;
            }
            if (hook.reinvokeIfNeeded()) {
                reinvoke.add(hook);
            }
        }
        // IfNeeded: called again when a webhook after it changed the object
        for (Webhook hook : reinvoke) {
            if (hooks.indexOf(hook) < lastChange) {
                AdmissionRequest seen = call.matching(hook, r);
                if (seen != null) {
                    call.mutate(hook, seen, r, 1);
                }
            }
        }
    }

    @Override
    public void validate(AdmissionRequest r) {
        if (!mutating) {
            callValidating(r);
        }
    }

    /**
     * A delete: validating webhooks as for any write; mutating ones may refuse it too, but there
     * is no object for their patches.
     */
    @Override
    public void validateDelete(AdmissionRequest r) {
        if (!mutating) {
            callValidating(r);
            return;
        }
        for (Webhook hook : configurations.webhooks()) {
            AdmissionRequest seen = call.matching(hook, r);
            if (seen != null) {
                call.validate(hook, seen, r).forEach(AdmissionContext.current()::warn);
            }
        }
    }

    private void callValidating(AdmissionRequest r) {
        List<Webhook> hooks = configurations.webhooks();
        if (hooks.isEmpty()) {
            return;
        }
        List<Webhook> matching = new ArrayList<>();
        List<AdmissionRequest> seen = new ArrayList<>();
        for (Webhook hook : hooks) {
            AdmissionRequest as = call.matching(hook, r);
            if (as != null) {
                matching.add(hook);
                seen.add(as);
            }
        }
        if (matching.size() == 1) {
            call.validate(matching.get(0), seen.get(0), r)
                    .forEach(AdmissionContext.current()::warn);
            return;
        }
        // The calls run on threads of their own but speak for this request.
        AdmissionContext context = AdmissionContext.current();
        List<Future<List<String>>> calls = new ArrayList<>();
        for (int i = 0; i < matching.size(); i++) {
            Webhook hook = matching.get(i);
            AdmissionRequest as = seen.get(i);
            calls.add(CALLS.submit(() -> context.run(() -> call.validate(hook, as, r))));
        }
        StatusException first = null;
        for (Future<List<String>> f : calls) {
            try {
                f.get().forEach(context::warn);
            } catch (ExecutionException e) {
                if (first == null && e.getCause() instanceof StatusException s) {
                    first = s;
                } else if (first == null) {
                    first = StatusException.internal("Internal error occurred: "
                            + e.getCause().getMessage());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw StatusException.internal("Internal error occurred: interrupted");
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
