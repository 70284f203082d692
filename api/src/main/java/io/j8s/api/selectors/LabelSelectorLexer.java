package io.j8s.api.selectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Upstream's label selector lexer: identifiers run until whitespace or one of {@code =!(),<>};
 * {@code ==} and {@code !=} are the only two-character symbols; {@code in} and {@code notin} are
 * keywords.
 */
final class LabelSelectorLexer {
    enum Token {
        END, CLOSED_PAR, COMMA, DOES_NOT_EXIST, DOUBLE_EQUALS, EQUALS, GREATER_THAN, IDENTIFIER,
        IN, LESS_THAN, NOT_EQUALS, NOT_IN, OPEN_PAR
    }

    record Item(Token token, String literal) {}

    private static final Map<String, Token> KEYWORDS = Map.ofEntries(
            Map.entry(")", Token.CLOSED_PAR), Map.entry(",", Token.COMMA),
            Map.entry("!", Token.DOES_NOT_EXIST), Map.entry("==", Token.DOUBLE_EQUALS),
            Map.entry("=", Token.EQUALS), Map.entry(">", Token.GREATER_THAN),
            Map.entry("in", Token.IN), Map.entry("<", Token.LESS_THAN),
            Map.entry("!=", Token.NOT_EQUALS), Map.entry("notin", Token.NOT_IN),
            Map.entry("(", Token.OPEN_PAR));

    private LabelSelectorLexer() {}

    static List<Item> lex(String s) {
        List<Item> out = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < s.length() && whitespace(s.charAt(i))) {
                i++;
            }
            if (i >= s.length()) {
                out.add(new Item(Token.END, ""));
                return out;
            }
            int start = i;
            if (special(s.charAt(i))) {
                boolean pair = i + 1 < s.length() && s.charAt(i + 1) == '='
                        && (s.charAt(i) == '=' || s.charAt(i) == '!');
                i += pair ? 2 : 1;
            } else {
                while (i < s.length() && !special(s.charAt(i)) && !whitespace(s.charAt(i))) {
                    i++;
                }
            }
            String lit = s.substring(start, i);
            out.add(new Item(KEYWORDS.getOrDefault(lit, Token.IDENTIFIER), lit));
        }
    }

    private static boolean whitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean special(char c) {
        return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
    }
}
