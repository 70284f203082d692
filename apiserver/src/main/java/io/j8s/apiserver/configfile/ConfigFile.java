package io.j8s.apiserver.configfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A configuration file read as a tree. A file that does not parse, or that holds something the
 * server refuses, is an {@link IllegalArgumentException} naming the file and the line, so that
 * the server refuses to start with it.
 */
public final class ConfigFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final Path path;
    private final String[] lines;
    private final JsonNode root;

    private ConfigFile(Path path, String text, JsonNode root) {
        this.path = path;
        this.lines = text.split("\n", -1);
        this.root = root;
    }

    /** Reads {@code path} (YAML or JSON). */
    public static ConfigFile read(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage(), e);
        }
        return parse(path, text);
    }

    /** Parses {@code text} as if read from {@code path}. */
    public static ConfigFile parse(Path path, String text) {
        try {
            JsonNode root = YAML.readTree(text);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException(path + ": line 1: not an object");
            }
            return new ConfigFile(path, text, root);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() != null ? e.getLocation().getLineNr() : 1;
            throw new IllegalArgumentException(path + ": line " + line + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    public JsonNode root() {
        return root;
    }

    /** Checks {@code apiVersion} and {@code kind}. */
    public void expectKind(String apiVersion, String kind) {
        if (!root.path("kind").asText("").equals(kind)) {
            throw fail("kind", "kind must be " + kind + ", not \"" + root.path("kind").asText("")
                    + "\"");
        }
        if (!root.path("apiVersion").asText("").equals(apiVersion)) {
            throw fail("apiVersion", "apiVersion must be " + apiVersion + ", not \""
                    + root.path("apiVersion").asText("") + "\"");
        }
    }

    /**
     * An error about the first line holding {@code near} (a field name or a value), or the first
     * line if none does.
     */
    public IllegalArgumentException fail(String near, String message) {
        return new IllegalArgumentException(path + ": line " + lineOf(near) + ": " + message);
    }

    /** The 1-based number of the first line holding {@code near}; 1 if none. */
    public int lineOf(String near) {
        for (int i = 0; i < lines.length; i++) {
            if (!near.isEmpty() && lines[i].contains(near)) {
                return i + 1;
            }
        }
        return 1;
    }
}
