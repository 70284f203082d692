package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.api.errors.StatusException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The checks every object's metadata passes, whatever its kind. */
final class MetaValidation {
    private static final Pattern SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private MetaValidation() {}

    static List<StatusCause> validate(ResourceType type, ObjectNode object, ObjectNode old) {
        List<StatusCause> causes = new ArrayList<>();
        String name = Meta.name(object);
        if (name.isEmpty()) {
            causes.add(StatusException.cause("FieldValueRequired", "metadata.name",
                    "Required value: name or generateName is required"));
        } else if (name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
            causes.add(StatusException.cause("FieldValueInvalid", "metadata.name",
                    "Invalid value: \"" + name + "\": a lowercase RFC 1123 subdomain must consist"
                            + " of lower case alphanumeric characters, '-' or '.', and must start"
                            + " and end with an alphanumeric character (e.g. 'example.com', regex"
                            + " used for validation is '" + SUBDOMAIN.pattern() + "')"));
        }
        if (type.namespaced()) {
            String ns = Meta.namespace(object);
            if (ns.isEmpty()) {
                causes.add(StatusException.cause("FieldValueRequired", "metadata.namespace",
                        "Required value"));
            } else if (ns.length() > 63 || !LABEL.matcher(ns).matches()) {
                causes.add(StatusException.cause("FieldValueInvalid", "metadata.namespace",
                        "Invalid value: \"" + ns + "\": a lowercase RFC 1123 label must consist of"
                                + " lower case alphanumeric characters or '-', and must start and"
                                + " end with an alphanumeric character"));
            }
        }
        return causes;
    }
}
