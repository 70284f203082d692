package io.j8s.api.selectors;

import io.j8s.api.errors.StatusException;
import java.util.ArrayList;
import java.util.List;

/** Upstream's field selector splitting and value unescaping, with its error messages. */
final class FieldSelectorSyntax {
    private static final String[] OPERATORS = {"!=", "==", "="};

    private FieldSelectorSyntax() {}

    /** Splits on commas not preceded by a backslash; upstream then sorts the terms. */
    static List<String> splitTerms(String selector) {
        List<String> terms = new ArrayList<>();
        int start = 0;
        boolean inSlash = false;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (inSlash) {
                inSlash = false;
            } else if (c == '\\') {
                inSlash = true;
            } else if (c == ',') {
                terms.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(selector.substring(start));
        terms.sort(null);
        return terms;
    }

    /** Splits a term at the first operator; the value is unescaped. */
    static FieldSelector.Term splitTerm(String selector, String term) {
        for (int i = 0; i < term.length(); i++) {
            for (String op : OPERATORS) {
                if (term.startsWith(op, i)) {
                    String value = unescape(term.substring(i + op.length()));
                    return new FieldSelector.Term(term.substring(0, i), value, !op.equals("!="));
                }
            }
        }
        throw StatusException.badRequest("invalid selector: '" + selector + "'; can't understand '"
                + term + "'");
    }

    /** Upstream's {@code UnescapeValue}, including its message that shows a rune as a number. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf(',') < 0 && s.indexOf('=') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        boolean inSlash = false;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (inSlash) {
                if (c != '\\' && c != ',' && c != '=') {
                    throw StatusException.badRequest("invalid field selector: invalid escape "
                            + "sequence: \\" + new String(Character.toChars(c)));
                }
                b.appendCodePoint(c);
                inSlash = false;
            } else if (c == '\\') {
                inSlash = true;
            } else if (c == ',' || c == '=') {
                throw StatusException.badRequest(
                        "invalid field selector: unescaped character in value: " + c);
            } else {
                b.appendCodePoint(c);
            }
        }
        if (inSlash) {
            throw StatusException.badRequest("invalid field selector: invalid escape sequence: \\");
        }
        return b.toString();
    }
}
