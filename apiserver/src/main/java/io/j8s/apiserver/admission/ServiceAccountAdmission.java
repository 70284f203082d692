package io.j8s.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Upstream's ServiceAccount plugin: a new pod without a service account runs as {@code default};
 * when the server issues service account tokens, the pod gets upstream's
 * {@code kube-api-access-XXXXX} projected volume (a pod-bound token of 3607 seconds at
 * {@code token}, {@code ca.crt} from the {@code kube-root-ca.crt} ConfigMap, the
 * {@code namespace}) mounted read-only at {@value #MOUNT_PATH} in every container and init
 * container that mounts nothing there, unless {@code automountServiceAccountToken} is false on
 * the pod (or, when the pod says nothing, on its service account). Mirror pods are left alone, as
 * upstream leaves them. Unlike upstream, a pod whose service account does not exist yet is
 * admitted: the kubelet's TokenRequest fails and is retried until the account exists.
 */
public final class ServiceAccountAdmission implements AdmissionPlugin {
    static final String MIRROR = "kubernetes.io/config.mirror";
    static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    static final String VOLUME_PREFIX = "kube-api-access-";
    private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ClusterObjects objects;
    private final BooleanSupplier mountTokens;

    /** Sets the service account only; mounts no token (a server that issues none). */
    public ServiceAccountAdmission() {
        this(null, () -> false);
    }

    /** Mounts the token volume whenever {@code mountTokens} says the server issues tokens. */
    public ServiceAccountAdmission(ClusterObjects objects, BooleanSupplier mountTokens) {
        this.objects = objects;
        this.mountTokens = mountTokens;
    }

    @Override
    public String name() {
        return "ServiceAccount";
    }

    @Override
    public void mutate(AdmissionRequest request) {
        if (!request.isCreate("", "pods")) {
            return;
        }
        ObjectNode pod = request.object();
        if (pod.path("metadata").path("annotations").has(MIRROR)) {
            return;
        }
        ObjectNode spec = pod.with("spec");
        if (spec.path("serviceAccountName").asText("").isEmpty()) {
            spec.put("serviceAccountName", "default");
        }
        String account = spec.get("serviceAccountName").asText();
        spec.put("serviceAccount", account);
        if (mountTokens.getAsBoolean() && automount(spec, request.namespace(), account)) {
            mountToken(spec);
        }
    }

    private boolean automount(ObjectNode spec, String namespace, String account) {
        JsonNode own = spec.get("automountServiceAccountToken");
        if (own != null && own.isBoolean()) {
            return own.asBoolean();
        }
        Optional<ObjectNode> sa = objects == null ? Optional.empty()
                : objects.get("", "serviceaccounts", namespace, account);
        return sa.map(a -> a.path("automountServiceAccountToken").asBoolean(true)).orElse(true);
    }

    private static void mountToken(ObjectNode spec) {
        String volume = null;
        for (JsonNode v : spec.path("volumes")) {
            if (v.path("name").asText("").startsWith(VOLUME_PREFIX)) {
                volume = v.path("name").asText();
                break;
            }
        }
        boolean hasVolume = volume != null;
        if (!hasVolume) {
            StringBuilder name = new StringBuilder(VOLUME_PREFIX);
            for (int i = 0; i < 5; i++) {
                name.append(NAME_CHARS.charAt(RANDOM.nextInt(NAME_CHARS.length())));
            }
            volume = name.toString();
        }
        boolean needed = mountIn(spec.path("initContainers"), volume)
                | mountIn(spec.path("containers"), volume);
        if (needed && !hasVolume) {
            spec.withArray("volumes").add(volume(volume));
        }
    }

    /** Mounts the volume in each container that has nothing at the path; true if any did. */
    private static boolean mountIn(JsonNode containers, String volume) {
        boolean mounted = false;
        for (JsonNode c : containers) {
            if (!(c instanceof ObjectNode container)) {
                continue;
            }
            boolean taken = false;
            for (JsonNode m : container.path("volumeMounts")) {
                taken |= m.path("mountPath").asText("").equals(MOUNT_PATH);
            }
            if (!taken) {
                container.withArray("volumeMounts").addObject().put("name", volume)
                        .put("readOnly", true).put("mountPath", MOUNT_PATH);
                mounted = true;
            }
        }
        return mounted;
    }

    private static ObjectNode volume(String name) {
        ObjectNode v = io.j8s.api.codec.Json.MAPPER.createObjectNode().put("name", name);
        ObjectNode projected = v.putObject("projected");
        ArrayNode sources = projected.putArray("sources");
        sources.addObject().putObject("serviceAccountToken").put("expirationSeconds", 3607)
                .put("path", "token");
        ObjectNode configMap = sources.addObject().putObject("configMap")
                .put("name", "kube-root-ca.crt");
        configMap.putArray("items").addObject().put("key", "ca.crt").put("path", "ca.crt");
        sources.addObject().putObject("downwardAPI").putArray("items").addObject()
                .put("path", "namespace").putObject("fieldRef").put("apiVersion", "v1")
                .put("fieldPath", "metadata.namespace");
        projected.put("defaultMode", 420);
        return v;
    }
}
