package io.j8s.api.selectors;

/** A label requirement's operator, spelled as upstream's {@code selection.Operator}. */
public enum LabelOperator {
    IN("in"),
    NOT_IN("notin"),
    EQUALS("="),
    DOUBLE_EQUALS("=="),
    NOT_EQUALS("!="),
    GREATER_THAN("gt"),
    LESS_THAN("lt"),
    EXISTS("exists"),
    DOES_NOT_EXIST("!");

    private final String symbol;

    LabelOperator(String symbol) {
        this.symbol = symbol;
    }

    /** Upstream's spelling, as error messages show it. */
    public String symbol() {
        return symbol;
    }
}
