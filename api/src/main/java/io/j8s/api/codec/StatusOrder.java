package io.j8s.api.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;

/**
 * A {@code Status} written as upstream's Go structs write it: fields in their declaration order
 * and empty ones ({@code omitempty}) left out, so error bodies match a kube-apiserver's byte for
 * byte. Jackson mix-ins, since the fabric8 classes order their fields alphabetically.
 */
final class StatusOrder {
    private StatusOrder() {}

    static <M extends ObjectMapper> M register(M mapper) {
        mapper.addMixIn(Status.class, StatusMixIn.class);
        mapper.addMixIn(StatusDetails.class, DetailsMixIn.class);
        mapper.addMixIn(StatusCause.class, CauseMixIn.class);
        return mapper;
    }

    @JsonPropertyOrder({"kind", "apiVersion", "metadata", "status", "message", "reason", "details",
        "code"})
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private abstract static class StatusMixIn {}

    @JsonPropertyOrder({"name", "group", "kind", "uid", "causes", "retryAfterSeconds"})
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private abstract static class DetailsMixIn {}

    @JsonPropertyOrder({"reason", "message", "field"})
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private abstract static class CauseMixIn {}
}
