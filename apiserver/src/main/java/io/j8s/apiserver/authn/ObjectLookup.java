package io.j8s.apiserver.authn;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Reads an object of a core/v1 resource ({@code serviceaccounts}, {@code pods},
 * {@code secrets}, {@code nodes}) as the API server stores it: what the service account token
 * authenticator checks a token's service account and bound object against.
 */
@FunctionalInterface
public interface ObjectLookup {

    /** The object, if it exists; {@code namespace} is empty for cluster-scoped resources. */
    Optional<JsonNode> find(String resource, String namespace, String name);
}
