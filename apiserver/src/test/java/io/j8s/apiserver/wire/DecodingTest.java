package io.j8s.apiserver.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.j8s.api.codec.Json;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What Go's decoding refuses, in its words; what it takes passes. */
class DecodingTest {
    private static Optional<String> error(String json, Class<?> kind) {
        return Decoding.typeError(Json.tree(json.getBytes(StandardCharsets.UTF_8)), kind);
    }

    @Test
    void nullsUnknownFieldsAndFreeFormValuesPass() {
        assertThat(error("{\"metadata\":null,\"spec\":{\"replicas\":null,\"replicaz\":\"x\"}}",
                Deployment.class)).isEmpty();
        assertThat(error("{\"metadata\":{\"managedFields\":[{\"fieldsV1\":{\"f:a\":{}}}]},"
                + "\"spec\":{\"ports\":[{\"port\":80,\"targetPort\":\"http\"}]}}",
                Service.class)).isEmpty();
        assertThat(error("{\"spec\":{\"containers\":[{\"resources\":{\"limits\":{\"cpu\":1,"
                + "\"memory\":\"1Gi\"}}}]}}", Pod.class)).isEmpty();
    }

    @Test
    void numbersThatDoNotFitAreNamed() {
        assertThat(error("{\"spec\":{\"replicas\":99999999999}}", Deployment.class)).contains(
                "json: cannot unmarshal number 99999999999 into Go struct field"
                        + " DeploymentSpec.spec.replicas of type int32");
        assertThat(error("{\"spec\":{\"activeDeadlineSeconds\":true}}", Pod.class)).contains(
                "json: cannot unmarshal bool into Go struct field"
                        + " PodSpec.spec.activeDeadlineSeconds of type int64");
    }

    @Test
    void theFirstErrorInDocumentOrderIsAnswered() {
        assertThat(error("{\"spec\":{\"hostname\":1,\"containers\":{}}}", Pod.class)).contains(
                "json: cannot unmarshal number into Go struct field PodSpec.spec.hostname of type"
                        + " string");
    }

    @Test
    void intOrStringTakesNoObject() {
        assertThat(error("{\"spec\":{\"ports\":[{\"port\":80,\"targetPort\":{}}]}}",
                Service.class)).contains(
                "json: cannot unmarshal object into Go value of type int32");
    }
}
