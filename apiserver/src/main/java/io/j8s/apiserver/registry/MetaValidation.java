package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.api.codec.Json;
import io.j8s.api.validation.NameRule;
import io.j8s.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The checks every object's metadata passes, whatever its kind, with the kind's name rule. */
final class MetaValidation {
    private static final Set<String> PATH_SEGMENT_NAMES = Set.of("Role", "ClusterRole",
            "RoleBinding", "ClusterRoleBinding", "APIService");
    /** CertificateSigningRequests: upstream does not care what they are called. */
    private static final NameRule ANY_NAME = (name, prefix) -> List.of();

    private MetaValidation() {}

    static List<StatusCause> validate(ResourceType type, ObjectNode object, ObjectNode old) {
        ObjectMeta meta = Json.convert(metadata(object), ObjectMeta.class);
        List<StatusCause> causes = new ArrayList<>(
                ObjectMetaValidation.validate(meta, type.namespaced(), nameRule(type)));
        if (old != null) {
            ObjectMeta oldMeta = Json.convert(metadata(old), ObjectMeta.class);
            if (meta.getResourceVersion() == null || meta.getResourceVersion().isEmpty()) {
                meta.setResourceVersion(oldMeta.getResourceVersion());
            }
            causes.addAll(ObjectMetaValidation.validateUpdate(meta, oldMeta));
        }
        return causes;
    }

    private static JsonNode metadata(ObjectNode object) {
        JsonNode m = object.get("metadata");
        return m == null ? Json.MAPPER.createObjectNode() : m;
    }

    static NameRule nameRule(ResourceType type) {
        if (type.group().isEmpty() && type.kind().equals("Namespace")) {
            return NameRule.DNS1123_LABEL;
        }
        if (type.group().isEmpty() && type.kind().equals("Service")) {
            return NameRule.DNS1035_LABEL;
        }
        if (PATH_SEGMENT_NAMES.contains(type.kind())) {
            return NameRule.PATH_SEGMENT;
        }
        if (type.kind().equals("CertificateSigningRequest")) {
            return ANY_NAME;
        }
        return NameRule.DNS1123_SUBDOMAIN;
    }
}
