package io.j8s.apiserver.openapi;

import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.j8s.api.codec.Json;
import io.j8s.apiserver.openapi.Definition.Form;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns fabric8 model classes into definitions, reading them the way the API's codec does:
 * through Jackson's introspection of {@link Json#MAPPER}, so the JSON names and generic types are
 * the ones requests are decoded with. The {@code additionalProperties} catch-all fabric8 puts on
 * every class is Jackson's any-setter, not a property, and never shows up.
 */
final class ModelWalker {
    private static final Set<String> TIME_FIELDS = Set.of("startedAt", "finishedAt", "time");

    private final DefinitionNames names;
    private final FieldDescriptions descriptions;
    private final Map<String, Definition> definitions;
    private final Map<String, Class<?>> origins = new HashMap<>();

    ModelWalker(DefinitionNames names, FieldDescriptions descriptions,
            Map<String, Definition> definitions) {
        this.names = names;
        this.descriptions = descriptions;
        this.definitions = definitions;
    }

    /** Defines {@code type} and everything it reaches; returns its definition's name. */
    String define(Class<?> type) {
        String name = names.of(type);
        Class<?> seen = origins.putIfAbsent(name, type);
        if (seen != null) {
            if (seen != type) {
                throw new IllegalStateException(type.getName() + " and " + seen.getName()
                        + " would both be named " + name);
            }
            return name;
        }
        Form special = specialForm(type);
        if (special != null) {
            definitions.put(name, Definition.special(name, special, ""));
            return name;
        }
        List<Property> properties = new ArrayList<>();
        Set<String> required = new LinkedHashSet<>(RequiredFields.of(name));
        for (BeanPropertyDefinition p : beanProperties(type)) {
            SchemaType t = fieldType(p.getName(), p.getPrimaryType());
            properties.add(new Property(p.getName(), t,
                    MergeStrategies.of(name, p.getName(), itemsHaveType(p.getPrimaryType())),
                    descriptions.field(name, p.getName())));
            if (p.isRequired()) {
                required.add(p.getName());
            }
        }
        properties.sort(Comparator.comparing(Property::name));
        Set<String> present = new LinkedHashSet<>();
        properties.forEach(p -> present.add(p.name()));
        required.retainAll(present);
        definitions.put(name, new Definition(name, Form.OBJECT, descriptions.type(name), properties,
                List.copyOf(required), List.of()));
        return name;
    }

    /** Defines a special type that has no fabric8 class, such as meta/v1 Time. */
    String defineSpecial(String name, Form form, String description) {
        definitions.putIfAbsent(name, Definition.special(name, form, description));
        return name;
    }

    private static List<BeanPropertyDefinition> beanProperties(Class<?> type) {
        BeanDescription bean = Json.MAPPER.getDeserializationConfig()
                .introspect(Json.MAPPER.constructType(type));
        return bean.findProperties().stream()
                .filter(p -> p.hasSetter() || p.hasField() || p.hasConstructorParameter())
                .filter(p -> !p.getName().isEmpty())
                .toList();
    }

    /**
     * fabric8 holds meta/v1 Time as a plain string; upstream's Time fields are the ones whose
     * names end in Time or Timestamp, and a few more.
     */
    private SchemaType fieldType(String field, JavaType type) {
        if (type.getRawClass() == String.class && isTimeField(field)) {
            return new SchemaType.Ref(defineSpecial(DefinitionNames.META + "Time", Form.DATE_TIME,
                    "Time is a timestamp in RFC 3339 form."));
        }
        return typeOf(type);
    }

    private static boolean isTimeField(String field) {
        return field.endsWith("Timestamp") || field.endsWith("Time") || TIME_FIELDS.contains(field);
    }

    SchemaType typeOf(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == byte[].class) {
            return new SchemaType.Primitive("string", "byte");
        }
        if (type.isArrayType() || type.isCollectionLikeType()) {
            return new SchemaType.ArrayOf(typeOf(type.getContentType()));
        }
        if (type.isMapLikeType()) {
            return new SchemaType.MapOf(typeOf(type.getContentType()));
        }
        SchemaType primitive = primitive(raw);
        if (primitive != null) {
            return primitive;
        }
        if (raw == Object.class || TreeNode.class.isAssignableFrom(raw)
                || raw.getSimpleName().equals("AnyType")) {
            return new SchemaType.AnyValue();
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(raw)) {
            // fabric8 holds a few meta/v1 MicroTime fields (Lease's renewTime) as java.time.
            return new SchemaType.Ref(defineSpecial(DefinitionNames.META + "MicroTime",
                    Form.DATE_TIME, "MicroTime is a timestamp with microseconds."));
        }
        if (raw.isEnum()) {
            return new SchemaType.Primitive("string", "", Arrays.stream(raw.getEnumConstants())
                    .map(Object::toString).sorted().toList());
        }
        if (raw.isInterface() || Modifier.isAbstract(raw.getModifiers())
                || !raw.getPackageName().startsWith(DefinitionNames.FABRIC8)) {
            return new SchemaType.AnyObject();
        }
        return new SchemaType.Ref(define(raw));
    }

    private static SchemaType primitive(Class<?> raw) {
        if (raw == String.class || raw == Character.class || raw == char.class) {
            return new SchemaType.Primitive("string", "");
        }
        if (raw == Integer.class || raw == int.class || raw == Short.class || raw == short.class
                || raw == Byte.class || raw == byte.class) {
            return new SchemaType.Primitive("integer", "int32");
        }
        if (raw == Long.class || raw == long.class || raw == BigInteger.class) {
            return new SchemaType.Primitive("integer", "int64");
        }
        if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class
                || raw == BigDecimal.class) {
            return new SchemaType.Primitive("number", "double");
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return new SchemaType.Primitive("boolean", "");
        }
        return null;
    }

    /**
     * The special apimachinery types, and fabric8 classes with their own deserializer (whose
     * JSON is not their bean properties: apiextensions' JSONSchemaPropsOrBool and friends).
     */
    private Form specialForm(Class<?> type) {
        String name = names.of(type);
        switch (name) {
            case DefinitionNames.QUANTITY -> {
                return Form.QUANTITY;
            }
            case DefinitionNames.INT_OR_STRING -> {
                return Form.INT_OR_STRING;
            }
            case DefinitionNames.RAW_EXTENSION, DefinitionNames.META + "FieldsV1",
                    DefinitionNames.META + "Patch" -> {
                return Form.FREE_OBJECT;
            }
            case DefinitionNames.META + "MicroTime", DefinitionNames.META + "Time" -> {
                return Form.DATE_TIME;
            }
            case DefinitionNames.META + "Duration" -> {
                return Form.STRING;
            }
            default -> {
                JsonDeserialize custom = type.getAnnotation(JsonDeserialize.class);
                if (custom != null && custom.using() != JsonDeserializer.None.class) {
                    return Form.ANY;
                }
                return null;
            }
        }
    }

    /** True for a list (or array) of objects that have a {@code type} field. */
    private static boolean itemsHaveType(JavaType type) {
        if (!type.isCollectionLikeType() && !type.isArrayType()) {
            return false;
        }
        Class<?> item = type.getContentType().getRawClass();
        if (!item.getPackageName().startsWith(DefinitionNames.FABRIC8)) {
            return false;
        }
        return beanProperties(item).stream().anyMatch(p -> p.getName().equals("type"));
    }
}
