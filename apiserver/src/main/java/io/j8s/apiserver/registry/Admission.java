package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceType;

/** Checks every write must pass after validation, before it is stored; throw to refuse. */
interface Admission {
    default void admitCreate(ResourceType type, ObjectNode object) {}

    default void admitUpdate(ResourceType type, ObjectNode object, ObjectNode old) {}

    Admission NONE = new Admission() {};
}
