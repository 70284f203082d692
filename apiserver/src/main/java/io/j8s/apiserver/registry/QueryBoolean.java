package io.j8s.apiserver.registry;

/** A boolean in a query parameter, as upstream's parameter codec reads one. */
public final class QueryBoolean {
    private QueryBoolean() {}

    /** False for {@code 0} and {@code false} in any case; true for anything else, even empty. */
    public static boolean parse(String value) {
        return !value.equals("0") && !value.equalsIgnoreCase("false");
    }
}
