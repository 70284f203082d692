package io.j8s.apiserver.fields;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds fields a JSON or YAML body names twice in one object ({@code spec.replicas}), which a tree
 * parse silently collapses to the last value, as upstream's strict decoding reports them.
 */
public final class DuplicateFields {
    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = new YAMLFactory();

    private DuplicateFields() {}

    /** The paths of repeated fields; empty when there are none or the body does not parse. */
    public static List<String> find(byte[] body, boolean yaml) {
        List<String> found = new ArrayList<>();
        Deque<Frame> stack = new ArrayDeque<>();
        try (JsonParser p = (yaml ? YAML : JSON).createParser(body)) {
            String pendingField = null;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> {
                        String path = childPath(stack, pendingField);
                        stack.push(new Frame(path, t == JsonToken.START_ARRAY));
                        pendingField = null;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        stack.pop();
                        if (!stack.isEmpty() && stack.peek().array) {
                            stack.peek().index++;
                        }
                    }
                    case FIELD_NAME -> {
                        String name = p.currentName();
                        Frame f = stack.peek();
                        if (f != null && !f.seen.add(name)) {
                            found.add(f.path.isEmpty() ? name : f.path + "." + name);
                        }
                        pendingField = name;
                    }
                    default -> {
                        pendingField = null;
                        if (!stack.isEmpty() && stack.peek().array) {
                            stack.peek().index++;
                        }
                    }
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return found;
    }

    private static String childPath(Deque<Frame> stack, String field) {
        Frame parent = stack.peek();
        if (parent == null) {
            return "";
        }
        if (parent.array) {
            return parent.path + "[" + parent.index + "]";
        }
        return parent.path.isEmpty() ? field : parent.path + "." + field;
    }

    private static final class Frame {
        final String path;
        final boolean array;
        final Set<String> seen = new HashSet<>();
        int index;

        Frame(String path, boolean array) {
            this.path = path;
            this.array = array;
        }
    }
}
