package io.j8s.apiserver.crd.schema;

import com.google.common.net.InetAddresses;
import com.google.re2j.Pattern;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The string formats upstream checks in custom resources (bsonobjectid, uri, email, hostname,
 * ipv4, ipv6, cidr, mac, uuid, uuid3, uuid4, uuid5, isbn, isbn10, isbn13, creditcard, ssn,
 * hexcolor, rgbcolor, byte, password, date, duration, date-time); unknown formats pass, as
 * upstream. Patterns are RE2, as upstream's.
 */
final class Formats {
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();
    private static final Map<String, java.util.regex.Pattern> FORMATS = Map.ofEntries(
            Map.entry("bsonobjectid", re("^[0-9a-fA-F]{24}$")),
            Map.entry("email", re("^[^@\\s]+@[^@\\s]+$")),
            Map.entry("hostname", re("^([a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)"
                    + "(\\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*$")),
            Map.entry("mac", re("^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$")),
            Map.entry("uuid", re("^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?"
                    + "[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")),
            Map.entry("uuid3", re("^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?3[0-9a-fA-F]{3}-?"
                    + "[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")),
            Map.entry("uuid4", re("^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?4[0-9a-fA-F]{3}-?"
                    + "[89abAB][0-9a-fA-F]{3}-?[0-9a-fA-F]{12}$")),
            Map.entry("uuid5", re("^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?5[0-9a-fA-F]{3}-?"
                    + "[89abAB][0-9a-fA-F]{3}-?[0-9a-fA-F]{12}$")),
            Map.entry("hexcolor", re("^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")),
            Map.entry("rgbcolor", re("^rgb\\(\\s*\\d{1,3}\\s*,\\s*\\d{1,3}\\s*,\\s*\\d{1,3}\\s*\\)$")),
            Map.entry("creditcard", re("^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}"
                    + "|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}"
                    + "|(?:2131|1800|35\\d{3})\\d{11})$")),
            Map.entry("ssn", re("^\\d{3}[- ]?\\d{2}[- ]?\\d{4}$")),
            Map.entry("duration", re("^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h|d|w))+$")));

    private Formats() {}

    private static java.util.regex.Pattern re(String s) {
        return java.util.regex.Pattern.compile(s);
    }

    static boolean matches(String pattern, String value) {
        try {
            return PATTERNS.computeIfAbsent(pattern, Pattern::compile).matcher(value).find();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static boolean valid(String format, String v) {
        switch (format) {
            case "ipv4":
                return InetAddresses.isInetAddress(v) && !v.contains(":");
            case "ipv6":
                return InetAddresses.isInetAddress(v) && v.contains(":");
            case "cidr": {
                int slash = v.indexOf('/');
                return slash > 0 && InetAddresses.isInetAddress(v.substring(0, slash))
                        && v.substring(slash + 1).matches("\\d{1,3}");
            }
            case "uri":
                try {
                    return new java.net.URI(v).isAbsolute() || v.startsWith("/");
                } catch (java.net.URISyntaxException e) {
                    return false;
                }
            case "byte":
                try {
                    Base64.getDecoder().decode(v);
                    return true;
                } catch (IllegalArgumentException e) {
                    return false;
                }
            case "date":
                try {
                    LocalDate.parse(v);
                    return true;
                } catch (DateTimeParseException e) {
                    return false;
                }
            case "date-time", "datetime":
                try {
                    OffsetDateTime.parse(v);
                    return true;
                } catch (DateTimeParseException e) {
                    return false;
                }
            case "isbn10":
                return isbn10(v);
            case "isbn13":
                return isbn13(v);
            case "isbn":
                return isbn10(v) || isbn13(v);
            case "creditcard":
                return FORMATS.get(format).matcher(v.replaceAll("[ -]", "")).matches();
            default:
                java.util.regex.Pattern p = FORMATS.get(format);
                return p == null || p.matcher(v).matches();
        }
    }

    /** Nine digits and a check digit (0-9 or X), spaces and hyphens aside. */
    private static boolean isbn10(String v) {
        String d = v.replaceAll("[ -]", "");
        if (!d.matches("[0-9]{9}[0-9X]")) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            int digit = d.charAt(i) == 'X' ? 10 : d.charAt(i) - '0';
            sum += digit * (10 - i);
        }
        return sum % 11 == 0;
    }

    /** 978 or 979, nine digits and a check digit, spaces and hyphens aside. */
    private static boolean isbn13(String v) {
        String d = v.replaceAll("[ -]", "");
        if (!d.matches("97[89][0-9]{10}")) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 13; i++) {
            sum += (d.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
        }
        return sum % 10 == 0;
    }
}
