package io.j8s.apiserver.patch;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.j8s.api.errors.StatusException;

/** The Status errors a patch that does not apply answers with, worded as upstream's. */
final class PatchError {
    /** What upstream says for every JSON patch that fails to apply, whatever the cause. */
    static final String REJECTED = "the server rejected our request due to an error in our request";

    private PatchError() {}

    /** 400 BadRequest: the patch is malformed. */
    static StatusException badRequest(String message) {
        return StatusException.badRequest(message);
    }

    /**
     * 422 Invalid with upstream's generic message and empty details, as its
     * {@code NewGenericServerResponse(422, ...)} writes it: the patch is well formed but does not
     * apply to the object.
     */
    static StatusException rejected() {
        return new StatusException(new StatusBuilder().withApiVersion("v1").withKind("Status")
                .withNewMetadata().endMetadata().withStatus("Failure").withMessage(REJECTED)
                .withReason("Invalid").withDetails(new StatusDetails()).withCode(422).build());
    }
}
