package io.j8s.apiserver.cel;

import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables an expression may use, each with its CEL type: objects without a schema are
 * {@code dyn}, the authorizer is Kubernetes' Authorizer type.
 */
public record Variables(Map<String, CelType> types) {
    public static final CelType DYN = SimpleType.DYN;
    public static final CelType AUTHORIZER = AuthorizerLibrary.AUTHORIZER;
    public static final CelType RESOURCE_CHECK = AuthorizerLibrary.RESOURCE;

    public Variables {
        types = Map.copyOf(types);
    }

    /** The named variables, all {@code dyn}. */
    public static Variables dyn(String... names) {
        Map<String, CelType> types = new LinkedHashMap<>();
        for (String n : names) {
            types.put(n, DYN);
        }
        return new Variables(types);
    }

    /** These variables and one more. */
    public Variables with(String name, CelType type) {
        Map<String, CelType> more = new LinkedHashMap<>(types);
        more.put(name, type);
        return new Variables(more);
    }
}
