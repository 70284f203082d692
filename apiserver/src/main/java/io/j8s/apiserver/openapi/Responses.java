package io.j8s.apiserver.openapi;

/** The description upstream gives each response code. */
final class Responses {
    private Responses() {}

    static String text(String code) {
        return switch (code) {
            case "200" -> "OK";
            case "201" -> "Created";
            case "202" -> "Accepted";
            case "401" -> "Unauthorized";
            default -> code;
        };
    }
}
