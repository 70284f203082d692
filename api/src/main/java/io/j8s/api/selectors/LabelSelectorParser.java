package io.j8s.api.selectors;

import io.j8s.api.errors.StatusException;
import io.j8s.api.selectors.LabelSelectorLexer.Item;
import io.j8s.api.selectors.LabelSelectorLexer.Token;
import io.j8s.api.validation.GoQuote;
import io.j8s.api.validation.LabelFormats;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Upstream's label selector parser, step for step, so that the same inputs fail with the same
 * messages. Like upstream, input ends at the first NUL character.
 */
final class LabelSelectorParser {
    private static final String BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

    private final List<Item> items;
    private int position;

    private LabelSelectorParser(List<Item> items) {
        this.items = items;
    }

    static List<LabelRequirement> parse(String selector) {
        int nul = selector.indexOf('\0');
        String input = nul < 0 ? selector : selector.substring(0, nul);
        return new LabelSelectorParser(LabelSelectorLexer.lex(input)).parse();
    }

    /** In value position the keywords {@code in} and {@code notin} are plain identifiers. */
    private Token lookahead() {
        Token t = items.get(position).token();
        return t == Token.IN || t == Token.NOT_IN ? Token.IDENTIFIER : t;
    }

    private Item consume() {
        Item it = items.get(position++);
        return it.token() == Token.IN || it.token() == Token.NOT_IN
                ? new Item(Token.IDENTIFIER, it.literal()) : it;
    }

    private List<LabelRequirement> parse() {
        List<LabelRequirement> requirements = new ArrayList<>();
        while (true) {
            Token t = lookahead();
            if (t == Token.END) {
                return requirements;
            }
            if (t != Token.IDENTIFIER && t != Token.DOES_NOT_EXIST) {
                throw fail("found '" + items.get(position).literal()
                        + "', expected: !, identifier, or 'end of string'");
            }
            try {
                requirements.add(parseRequirement());
            } catch (StatusException e) {
                throw fail("unable to parse requirement: " + e.getMessage());
            }
            Item after = consume();
            if (after.token() == Token.END) {
                return requirements;
            }
            if (after.token() != Token.COMMA) {
                throw fail("found '" + after.literal() + "', expected: ',' or 'end of string'");
            }
            Token next = lookahead();
            if (next != Token.IDENTIFIER && next != Token.DOES_NOT_EXIST) {
                throw fail("found '" + items.get(position).literal()
                        + "', expected: identifier after ','");
            }
        }
    }

    private LabelRequirement parseRequirement() {
        boolean not = false;
        Item key = consume();
        if (key.token() == Token.DOES_NOT_EXIST) {
            not = true;
            key = consume();
        }
        if (key.token() != Token.IDENTIFIER) {
            throw fail("found '" + key.literal() + "', expected: identifier");
        }
        List<String> keyErrors = LabelFormats.qualifiedName(key.literal());
        if (!keyErrors.isEmpty()) {
            throw fail("<nil>: Invalid value: " + GoQuote.quote(key.literal())
                    + ": " + String.join("; ", keyErrors));
        }
        Token next = lookahead();
        if (not || next == Token.END || next == Token.COMMA) {
            return new LabelRequirement(key.literal(),
                    not ? LabelOperator.DOES_NOT_EXIST : LabelOperator.EXISTS, List.of());
        }
        Item op = items.get(position++); // operators are read with keywords intact
        LabelOperator operator = switch (op.token()) {
            case IN -> LabelOperator.IN;
            case EQUALS -> LabelOperator.EQUALS;
            case DOUBLE_EQUALS -> LabelOperator.DOUBLE_EQUALS;
            case GREATER_THAN -> LabelOperator.GREATER_THAN;
            case LESS_THAN -> LabelOperator.LESS_THAN;
            case NOT_IN -> LabelOperator.NOT_IN;
            case NOT_EQUALS -> LabelOperator.NOT_EQUALS;
            default -> throw fail("found '" + op.literal() + "', expected: " + BINARY_OPERATORS);
        };
        List<String> values = operator == LabelOperator.IN || operator == LabelOperator.NOT_IN
                ? parseValues() : parseExactValue();
        return new LabelRequirement(key.literal(), operator, values);
    }

    private List<String> parseValues() {
        Item open = consume();
        if (open.token() != Token.OPEN_PAR) {
            throw fail("found '" + open.literal() + "' expected: '('");
        }
        Token t = lookahead();
        String lit = items.get(position).literal();
        if (t == Token.CLOSED_PAR) {
            consume();
            return List.of("");
        }
        if (t != Token.IDENTIFIER && t != Token.COMMA) {
            throw fail("found '" + lit + "', expected: ',', ')' or identifier");
        }
        List<String> values = parseIdentifiers();
        if (consume().token() != Token.CLOSED_PAR) {
            throw fail("found '" + lit + "', expected: ')'");
        }
        return values;
    }

    private List<String> parseIdentifiers() {
        TreeSet<String> values = new TreeSet<>();
        while (true) {
            Item it = consume();
            if (it.token() == Token.IDENTIFIER) {
                values.add(it.literal());
                Token next = lookahead();
                if (next == Token.CLOSED_PAR) {
                    return new ArrayList<>(values);
                }
                if (next != Token.COMMA) {
                    throw fail("found '" + items.get(position).literal()
                            + "', expected: ',' or ')'");
                }
            } else if (it.token() == Token.COMMA) {
                if (values.isEmpty()) {
                    values.add(""); // "(,"
                }
                Token next = lookahead();
                if (next == Token.CLOSED_PAR) {
                    values.add(""); // ",)"
                    return new ArrayList<>(values);
                }
                if (next == Token.COMMA) {
                    consume();
                    values.add(""); // ",,"
                }
            } else {
                throw fail("found '" + it.literal() + "', expected: ',', or identifier");
            }
        }
    }

    private List<String> parseExactValue() {
        Token t = lookahead();
        if (t == Token.END || t == Token.COMMA) {
            return List.of("");
        }
        Item it = consume();
        if (it.token() == Token.IDENTIFIER) {
            return List.of(it.literal());
        }
        throw fail("found '" + it.literal() + "', expected: identifier");
    }

    private static StatusException fail(String message) {
        return StatusException.badRequest(message);
    }
}
