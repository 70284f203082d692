package io.j8s.apiserver.crd.schema;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.List;

/**
 * Upstream's validation of a CustomResourceDefinition itself: structural schema, names, versions,
 * exactly one storage version, CEL rules that compile within their cost. (A no-op seam until the
 * schema engine lands.)
 */
public final class CrdValidation {
    private CrdValidation() {}

    /** Field causes for what is wrong with {@code crd}; {@code oldOrNull} on update. */
    public static List<StatusCause> validate(CustomResourceDefinition crd,
            CustomResourceDefinition oldOrNull) {
        return List.of();
    }
}
