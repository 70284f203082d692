package io.j8s.api.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's qualified names (label keys, annotation keys, finalizers: an optional DNS-1123
 * subdomain prefix and '/', then a name of at most 63 characters) and label values. Each returns
 * the reasons a value fails, empty when it is valid.
 */
public final class LabelFormats {
    public static final int QUALIFIED_NAME_MAX_LENGTH = 63;
    public static final int LABEL_VALUE_MAX_LENGTH = 63;

    static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";
    private static final String QUALIFIED_NAME_ERR = "must consist of alphanumeric characters, "
            + "'-', '_' or '.', and must start and end with an alphanumeric character";

    private LabelFormats() {}

    public static List<String> qualifiedName(String value) {
        List<String> errs = new ArrayList<>();
        int slash = value.indexOf('/');
        String name = value;
        if (slash >= 0) {
            if (value.indexOf('/', slash + 1) >= 0) {
                errs.add("a qualified name " + NameFormats.regexError(QUALIFIED_NAME_ERR,
                        QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
                        + " with an optional DNS subdomain prefix and '/' "
                        + "(e.g. 'example.com/MyName')");
                return errs;
            }
            String prefix = value.substring(0, slash);
            name = value.substring(slash + 1);
            if (prefix.isEmpty()) {
                errs.add("prefix part must be non-empty");
            } else {
                for (String msg : NameFormats.dns1123Subdomain(prefix)) {
                    errs.add("prefix part " + msg);
                }
            }
        }
        if (name.isEmpty()) {
            errs.add("name part must be non-empty");
        } else if (NameFormats.byteLength(name) > QUALIFIED_NAME_MAX_LENGTH) {
            errs.add("name part " + NameFormats.maxLenError(QUALIFIED_NAME_MAX_LENGTH));
        }
        if (!isQualifiedNamePart(name)) {
            errs.add("name part " + NameFormats.regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT,
                    "MyName", "my.name", "123-abc"));
        }
        return errs;
    }

    public static List<String> labelValue(String value) {
        List<String> errs = new ArrayList<>();
        if (NameFormats.byteLength(value) > LABEL_VALUE_MAX_LENGTH) {
            errs.add(NameFormats.maxLenError(LABEL_VALUE_MAX_LENGTH));
        }
        if (!value.isEmpty() && !isQualifiedNamePart(value)) {
            errs.add(NameFormats.regexError("a valid label must be an empty string or consist of "
                    + "alphanumeric characters, '-', '_' or '.', and must start and end with an "
                    + "alphanumeric character", LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
        }
        return errs;
    }

    /** Matches {@code ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]}. */
    static boolean isQualifiedNamePart(String s) {
        if (s.isEmpty() || !alnum(s.charAt(0)) || !alnum(s.charAt(s.length() - 1))) {
            return false;
        }
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (!alnum(c) && c != '-' && c != '_' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean alnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
