package io.j8s.apiserver.crd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.List;

/**
 * Converts custom resources between the versions of their CustomResourceDefinition: the
 * {@code None} strategy rewrites the apiVersion; the {@code Webhook} strategy asks the
 * definition's conversion webhook (a ConversionReview).
 */
public interface CustomResourceConverter {

    /** {@code objects} of {@code crd}, each at {@code desiredApiVersion}, in the same order. */
    List<ObjectNode> convert(CustomResourceDefinition crd, List<ObjectNode> objects,
            String desiredApiVersion);
}
