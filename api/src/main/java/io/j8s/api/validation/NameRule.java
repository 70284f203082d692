package io.j8s.api.validation;

import java.util.List;

/**
 * How a resource's names must look (upstream's {@code ValidateNameFunc}). {@code prefix} is true
 * for a {@code generateName}, to which a random suffix will be appended.
 */
@FunctionalInterface
public interface NameRule {

    /** The reasons {@code name} is not valid, empty when it is. */
    List<String> check(String name, boolean prefix);

    /** Most resources: a DNS-1123 subdomain of at most 253 characters. */
    NameRule DNS1123_SUBDOMAIN = (name, prefix) ->
            NameFormats.dns1123Subdomain(prefix ? maskTrailingDash(name) : name);

    /** Namespaces and a few others: a DNS-1123 label of at most 63 characters. */
    NameRule DNS1123_LABEL = (name, prefix) ->
            NameFormats.dns1123Label(prefix ? maskTrailingDash(name) : name);

    /** Services: a DNS-1035 label (starts with a letter). */
    NameRule DNS1035_LABEL = (name, prefix) ->
            NameFormats.dns1035Label(prefix ? maskTrailingDash(name) : name);

    /** RBAC and others: anything that is safe as one URL path segment. */
    NameRule PATH_SEGMENT = (name, prefix) ->
            prefix ? NameFormats.pathSegmentPrefix(name) : NameFormats.pathSegmentName(name);

    /**
     * Upstream's {@code maskTrailingDash}: a prefix may end in '-' because a suffix follows. Like
     * upstream, this drops the last two characters and appends 'a' ({@code "foo-"} becomes
     * {@code "foa"}), so the masked name is one shorter than the prefix.
     */
    static String maskTrailingDash(String name) {
        if (name.length() > 1 && name.endsWith("-")) {
            return name.substring(0, name.length() - 2) + "a";
        }
        return name;
    }
}
