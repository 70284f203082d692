package io.j8s.apiserver.wire;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.j8s.api.codec.Json;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON properties of a fabric8 model class as Jackson sees them, introspected once per class
 * for both of this package's walks: {@link #all} what it reads or writes, {@link #decodable} what a
 * body can set (a setter, a field or a constructor parameter).
 */
record ModelProperties(Map<String, JavaType> all, Map<String, JavaType> decodable) {
    private static final String MODEL = "io.fabric8.kubernetes.api.model";
    private static final Map<Class<?>, ModelProperties> KNOWN = new ConcurrentHashMap<>();

    static ModelProperties of(Class<?> type) {
        return KNOWN.computeIfAbsent(type, t -> {
            BeanDescription bean = Json.MAPPER.getDeserializationConfig()
                    .introspect(Json.MAPPER.constructType(t));
            Map<String, JavaType> all = new HashMap<>();
            Map<String, JavaType> decodable = new HashMap<>();
            for (BeanPropertyDefinition p : bean.findProperties()) {
                if (p.getName().isEmpty()) {
                    continue;
                }
                all.put(p.getName(), p.getPrimaryType());
                if (p.hasSetter() || p.hasField() || p.hasConstructorParameter()) {
                    decodable.put(p.getName(), p.getPrimaryType());
                }
            }
            return new ModelProperties(Map.copyOf(all), Map.copyOf(decodable));
        });
    }

    /** A concrete class of the fabric8 model (not an interface, enum or abstract class). */
    static boolean isModel(Class<?> raw) {
        return raw.getPackageName().startsWith(MODEL) && !raw.isInterface() && !raw.isEnum()
                && !Modifier.isAbstract(raw.getModifiers());
    }
}
