package io.j8s.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.codec.Json;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Build step, not part of the server: reads upstream's type and field descriptions from the
 * annotations of the official Java client's model classes ({@code io.kubernetes:client-java-api},
 * on the build's classpath only) and writes them to {@link FieldDescriptions#RESOURCE}. The
 * build runs it after compiling (see this module's pom), so the jar carries the descriptions and
 * not the client.
 *
 * <p>A model class is named {@code [Group]Version Type}: {@code V1Container},
 * {@code V2HorizontalPodAutoscaler}, {@code AdmissionregistrationV1ServiceReference} (the group
 * only where two groups share the type's name). Its key in the file is
 * {@code [group.]version.Type}; its entries are the type's description under {@code ""} and each
 * field's under its JSON name. The annotations are read by name, so this class compiles without
 * the client. Fields the annotations leave out come from {@link ProtoComments}.
 */
public final class ClientJavaDescriptions {
    private static final String MODELS = "io/kubernetes/client/openapi/models/";
    private static final String PROTO_SOURCES = "io/kubernetes/client/proto/";
    private static final Pattern CLASS_NAME =
            Pattern.compile("([A-Z][a-z]+)?(V\\d+(?:(?:alpha|beta)\\d+)?)([A-Z]\\w*)");

    private ClientJavaDescriptions() {}

    /** {@code args[0]}: the file to write. */
    public static void main(String[] args) throws IOException, ClassNotFoundException {
        Map<String, Map<String, String>> all = new TreeMap<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        URL probe = loader.getResource(MODELS + "V1Container.class");
        if (probe == null) {
            throw new IllegalStateException("io.kubernetes:client-java-api is not on the classpath");
        }
        try (JarFile jar = ((JarURLConnection) probe.openConnection()).getJarFile()) {
            for (String entry : jar.stream().map(e -> e.getName()).toList()) {
                if (!entry.startsWith(MODELS) || !entry.endsWith(".class") || entry.contains("$")) {
                    continue;
                }
                String simple = entry.substring(MODELS.length(), entry.length() - ".class".length());
                Matcher m = CLASS_NAME.matcher(simple);
                if (!m.matches()) {
                    continue;
                }
                Map<String, String> fields = describe(Class.forName(
                        entry.replace('/', '.').replace(".class", ""), false, loader));
                if (!fields.isEmpty()) {
                    String group = m.group(1) == null ? "" : m.group(1).toLowerCase(Locale.ROOT) + ".";
                    all.put(group + m.group(2).toLowerCase(Locale.ROOT) + "." + m.group(3), fields);
                }
            }
        }
        int filled = fillFromProtoComments(loader, all);
        ObjectNode out = Json.MAPPER.createObjectNode();
        all.forEach((type, fields) -> {
            ObjectNode n = out.putObject(type);
            fields.forEach(n::put);
        });
        Path file = Path.of(args[0]);
        Files.createDirectories(file.getParent());
        Files.write(file, Json.bytes(out));
        System.out.println("openapi descriptions: " + all.size() + " types from client-java-api, "
                + filled + " fields from client-java-proto's comments");
    }

    /**
     * Adds the fields the annotations leave undescribed (those whose type is another object)
     * from the comments in client-java-proto's sources; returns how many.
     */
    private static int fillFromProtoComments(ClassLoader loader,
            Map<String, Map<String, String>> all) throws IOException {
        URL probe = loader.getResource(PROTO_SOURCES + "V1.java");
        if (probe == null) {
            throw new IllegalStateException("client-java-proto's sources are not on the classpath");
        }
        int filled = 0;
        try (JarFile jar = ((JarURLConnection) probe.openConnection()).getJarFile()) {
            for (var message : ProtoComments.read(jar).entrySet()) {
                String[] parts = message.getKey().split("\\.");
                if (parts.length < 3) {
                    continue;
                }
                String type = parts[parts.length - 1];
                String version = parts[parts.length - 2];
                String grouped = parts[parts.length - 3] + "." + version + "." + type;
                String plain = version + "." + type;
                String key = all.containsKey(grouped) || !all.containsKey(plain) ? grouped : plain;
                Map<String, String> fields = all.computeIfAbsent(key, k -> new TreeMap<>());
                for (var field : message.getValue().entrySet()) {
                    if (fields.putIfAbsent(field.getKey(), field.getValue()) == null) {
                        filled++;
                    }
                }
            }
        }
        return filled;
    }

    private static Map<String, String> describe(Class<?> model) {
        Map<String, String> out = new TreeMap<>();
        String type = annotationValue(model, "io.swagger.annotations.ApiModel", "description");
        if (!type.isEmpty()) {
            out.put("", type);
        }
        for (Field f : model.getDeclaredFields()) {
            String json = annotationValue(f, "com.google.gson.annotations.SerializedName", "value");
            if (json.isEmpty()) {
                continue;
            }
            String name = f.getName();
            String capital = name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
            for (String getter : new String[] {"get" + capital, "is" + capital}) {
                try {
                    Method m = model.getMethod(getter);
                    String text = annotationValue(m, "io.swagger.annotations.ApiModelProperty",
                            "value");
                    if (!text.isEmpty()) {
                        out.put(json, text);
                    }
                    break;
                } catch (NoSuchMethodException e) {
                    // try the next spelling
                }
            }
        }
        return out;
    }

    private static String annotationValue(AnnotatedElement on, String annotation, String member) {
        for (Annotation a : on.getAnnotations()) {
            if (a.annotationType().getName().equals(annotation)) {
                try {
                    Object v = a.annotationType().getMethod(member).invoke(a);
                    return v == null ? "" : v.toString();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return "";
    }
}
