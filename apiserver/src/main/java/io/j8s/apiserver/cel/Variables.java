package io.j8s.apiserver.cel;

import dev.cel.common.types.CelType;
import dev.cel.common.types.OptionalType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables an expression may use, each with its CEL type: objects without a schema are
 * {@code dyn}, the authorizer is Kubernetes' Authorizer type, objects with a schema are the
 * object types built from it ({@code structs}, which the type checker looks fields up in).
 */
public record Variables(Map<String, CelType> types, List<StructType> structs) {
    public static final CelType DYN = SimpleType.DYN;
    public static final CelType AUTHORIZER = AuthorizerLibrary.AUTHORIZER;
    public static final CelType RESOURCE_CHECK = AuthorizerLibrary.RESOURCE;

    public Variables {
        types = Map.copyOf(types);
        structs = List.copyOf(structs);
    }

    public Variables(Map<String, CelType> types) {
        this(types, List.of());
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
        return new Variables(more, structs);
    }

    /** These variables, with the object types their types refer to. */
    public Variables declaring(List<StructType> declared) {
        return new Variables(types, declared);
    }

    /** {@code optional_type(type)}: a variable that may have no value. */
    public static CelType optional(CelType type) {
        return OptionalType.create(type);
    }
}
