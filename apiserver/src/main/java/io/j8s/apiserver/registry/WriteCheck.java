package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.apiserver.authn.UserInfo;

/**
 * A check of a create or update that needs to know who writes, run after validating admission
 * and before the store write: RBAC's escalation prevention, NodeRestriction. Throws the
 * StatusException to answer. Writes the server makes itself (no user) are not checked.
 */
@FunctionalInterface
public interface WriteCheck {
    /**
     * @param subresource empty for the object itself
     * @param old the stored object of an update, null for a create
     */
    void check(ResourceType type, String subresource, ObjectNode object, ObjectNode old,
            UserInfo user);
}
