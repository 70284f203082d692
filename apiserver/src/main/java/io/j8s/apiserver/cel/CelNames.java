package io.j8s.apiserver.cel;

import java.util.Optional;
import java.util.Set;

/**
 * Upstream's escaping of property names into CEL identifiers: a CEL reserved word becomes
 * {@code __word__} ({@code namespace} is {@code __namespace__}); {@code __}, {@code .}, {@code -}
 * and {@code /} become {@code __underscores__}, {@code __dot__}, {@code __dash__} and
 * {@code __slash__}; a name with any other character, or starting with a digit, has no CEL name
 * (the field is not visible to expressions).
 */
public final class CelNames {
    private static final Set<String> RESERVED = Set.of("true", "false", "null", "in", "as",
            "break", "const", "continue", "else", "for", "function", "if", "import", "let",
            "loop", "package", "namespace", "return", "var", "void", "while");

    private CelNames() {}

    public static Optional<String> escape(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            return Optional.empty();
        }
        if (RESERVED.contains(name)) {
            return Optional.of("__" + name + "__");
        }
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' && i + 1 < name.length() && name.charAt(i + 1) == '_') {
                b.append("__underscores__");
                i++;
            } else if (c == '.') {
                b.append("__dot__");
            } else if (c == '-') {
                b.append("__dash__");
            } else if (c == '/') {
                b.append("__slash__");
            } else if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')) {
                b.append(c);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(b.toString());
    }
}
