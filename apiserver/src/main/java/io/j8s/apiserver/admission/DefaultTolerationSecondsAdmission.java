package io.j8s.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Upstream's DefaultTolerationSeconds: a new pod tolerates a not-ready or unreachable node for
 * 300 seconds before it is evicted, unless it already says how long it tolerates that.
 */
public final class DefaultTolerationSecondsAdmission implements AdmissionPlugin {
    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    private final long seconds;

    public DefaultTolerationSecondsAdmission(long seconds) {
        this.seconds = seconds;
    }

    @Override
    public String name() {
        return "DefaultTolerationSeconds";
    }

    @Override
    public void mutate(AdmissionRequest request) {
        if (!request.isCreate("", "pods")) {
            return;
        }
        ArrayNode tolerations = request.object().with("spec").withArray("tolerations");
        boolean notReady = false;
        boolean unreachable = false;
        for (JsonNode t : tolerations) {
            String key = t.path("key").asText("");
            String effect = t.path("effect").asText("");
            if (effect.isEmpty() || effect.equals("NoExecute")) {
                notReady |= key.isEmpty() || key.equals(NOT_READY);
                unreachable |= key.isEmpty() || key.equals(UNREACHABLE);
            }
        }
        if (!notReady) {
            add(tolerations, NOT_READY);
        }
        if (!unreachable) {
            add(tolerations, UNREACHABLE);
        }
    }

    private void add(ArrayNode tolerations, String key) {
        tolerations.addObject().put("key", key).put("operator", "Exists")
                .put("effect", "NoExecute").put("tolerationSeconds", seconds);
    }
}
