package io.j8s.apiserver.crd.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's check of a rule's fieldPath: a JSON path of {@code .name} and {@code ['name']}
 * steps, each naming a property of the schema (or a key of its additionalProperties).
 */
final class RuleFieldPath {
    private RuleFieldPath() {}

    /** Why {@code path} is not a valid fieldPath under {@code schema}, or null if it is. */
    static String check(String path, SchemaNode schema) {
        List<String> tokens = tokens(path);
        SchemaNode s = schema;
        for (int i = 0; i < tokens.size(); i++) {
            String tok = tokens.get(i);
            String name;
            if (tok.equals("[")) {
                if (++i >= tokens.size()) {
                    return "unexpected end of JSON path";
                }
                tok = tokens.get(i);
                if (tok.length() < 2 || tok.charAt(0) != '\'' || tok.charAt(tok.length() - 1) != '\'') {
                    return "expected single quoted string but got " + tok;
                }
                name = unescape(tok.substring(1, tok.length() - 1));
                if (name == null) {
                    return "invalid string literal: invalid escape char";
                }
                if (++i >= tokens.size()) {
                    return "unexpected end of JSON path";
                }
                if (!tokens.get(i).equals("]")) {
                    return "expected ] but got " + tokens.get(i);
                }
            } else if (tok.equals(".")) {
                if (++i >= tokens.size()) {
                    return "unexpected end of JSON path";
                }
                name = tokens.get(i);
            } else {
                return "expected [ or . but got: " + tok;
            }
            if (!s.properties.isEmpty() || s.raw.has("properties")) {
                s = s.properties.get(name);
                if (s == null) {
                    return "does not refer to a valid field";
                }
            } else if (s.additional != null) {
                s = s.additional;
            } else {
                return "does not refer to a valid field";
            }
        }
        return null;
    }

    /** Split at '.', '[' and ']' (each a token of its own), single-quoted strings kept whole. */
    private static List<String> tokens(String path) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '\'') {
                int j = i + 1;
                while (j < path.length() && !(path.charAt(j) == '\'' && path.charAt(j - 1) != '\\')) {
                    j++;
                }
                int end = Math.min(j + 1, path.length());
                tokens.add(path.substring(i, end));
                i = end;
            } else if (c == '.' || c == '[' || c == ']') {
                tokens.add(String.valueOf(c));
                i++;
            } else {
                int j = i;
                while (j < path.length() && ".[]".indexOf(path.charAt(j)) < 0) {
                    j++;
                }
                tokens.add(path.substring(i, j));
                i = j;
            }
        }
        return tokens;
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (++i >= s.length()) {
                return null;
            }
            switch (s.charAt(i)) {
                case 'a' -> b.append('\u0007');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'v' -> b.append('\u000b');
                case '\'' -> b.append('\'');
                case '\\' -> b.append('\\');
                default -> {
                    return null;
                }
            }
        }
        return b.toString();
    }
}
