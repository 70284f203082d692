package io.j8s.api.codec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the Go types behind the protobuf messages say about their JSON, which the descriptors
 * do not carry: API group of each proto package, the kinds, which values JSON leaves out when
 * zero ({@code omitempty} on a non-pointer), which embedded structs it flattens, the few fields
 * it names differently, and the named slices. Read from {@code go-json-tags.txt}, which
 * {@code scripts/GoJsonTags.java} writes from k8s.io/api and k8s.io/apimachinery.
 */
record GoJsonTags(
        Map<String, String> apiVersions,
        Set<String> kinds,
        Map<String, Set<String>> omitEmpty,
        Map<String, Set<String>> inline,
        Map<String, Map<String, String>> renamed,
        Set<String> slices) {

    private static final String RESOURCE = "go-json-tags.txt";
    private static final GoJsonTags LOADED = load();

    static GoJsonTags get() {
        return LOADED;
    }

    /** The apiVersion ({@code apps/v1}) of a proto package, or null. */
    String apiVersionOf(String protoPackage) {
        return apiVersions.get(protoPackage);
    }

    boolean omitsZero(String message, String field) {
        return omitEmpty.getOrDefault(message, Set.of()).contains(field);
    }

    boolean isInline(String message, String field) {
        return inline.getOrDefault(message, Set.of()).contains(field);
    }

    String jsonName(String message, String field) {
        return renamed.getOrDefault(message, Map.of()).getOrDefault(field, field);
    }

    private static GoJsonTags load() {
        GoJsonTags tags = new GoJsonTags(new HashMap<>(), new HashSet<>(), new HashMap<>(),
                new HashMap<>(), new HashMap<>(), new HashSet<>());
        try (InputStream in = GoJsonTags.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    tags.add(List.of(line.trim().split(" +")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tags;
    }

    private void add(List<String> words) {
        String message = words.get(1);
        switch (words.get(0)) {
            case "package" -> apiVersions.put(message, words.get(2));
            case "kind" -> kinds.add(message);
            case "slice" -> slices.add(message);
            case "omitempty" -> omitEmpty.computeIfAbsent(message, m -> new HashSet<>())
                    .addAll(words.subList(2, words.size()));
            case "inline" -> inline.computeIfAbsent(message, m -> new HashSet<>()).add(words.get(2));
            case "renamed" -> renamed.computeIfAbsent(message, m -> new HashMap<>())
                    .put(words.get(2), words.get(3));
            default -> throw new IllegalStateException(RESOURCE + ": unknown line " + words);
        }
    }
}
