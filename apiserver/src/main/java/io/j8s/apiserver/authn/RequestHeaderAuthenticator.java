package io.j8s.apiserver.authn;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Upstream's request-header authenticator for a front proxy ({@code --requestheader-*}): when the
 * request's client certificate verifies against the request-header CA (and its CN is one of the
 * allowed names, if any are given), the user is the first non-empty value of the username
 * headers ({@code X-Remote-User}), its uid the first non-empty value of the uid headers (none by
 * default; {@code X-Remote-Uid} as kubeadm sets them), the groups every value of the group
 * headers, and the extra every header that starts with an extra prefix (the rest of its name, lower case and
 * URL-unescaped, as the key). A request from the proxy without a username header is not
 * authenticated by it.
 */
final class RequestHeaderAuthenticator implements Authenticator {
    private final Authenticator proxyCertificate;
    private final Set<String> allowedNames;
    private final List<String> usernameHeaders;
    private final List<String> uidHeaders;
    private final List<String> groupHeaders;
    private final List<String> extraPrefixes;

    RequestHeaderAuthenticator(Authenticator proxyCertificate, Set<String> allowedNames,
            List<String> usernameHeaders, List<String> uidHeaders, List<String> groupHeaders,
            List<String> extraPrefixes) {
        this.proxyCertificate = proxyCertificate;
        this.allowedNames = Set.copyOf(allowedNames);
        this.usernameHeaders = List.copyOf(usernameHeaders);
        this.uidHeaders = List.copyOf(uidHeaders);
        this.groupHeaders = List.copyOf(groupHeaders);
        this.extraPrefixes = extraPrefixes.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
    }

    @Override
    public Optional<UserInfo> authenticate(RequestCredentials credentials) {
        if (credentials.peerCertificates().isEmpty()) {
            return Optional.empty();
        }
        String name = first(usernameHeaders, credentials);
        if (name == null) {
            return Optional.empty();
        }
        Optional<UserInfo> proxy = proxyCertificate.authenticate(credentials);
        if (proxy.isEmpty() || !allowedNames.isEmpty() && !allowedNames.contains(proxy.get().name())) {
            return Optional.empty();
        }
        List<String> groups = new ArrayList<>();
        for (String header : groupHeaders) {
            groups.addAll(credentials.headers().all(header));
        }
        Map<String, List<String>> extra = new LinkedHashMap<>();
        for (String header : credentials.headers().names()) {
            String lower = header.toLowerCase(Locale.ROOT);
            for (String prefix : extraPrefixes) {
                if (lower.startsWith(prefix) && lower.length() > prefix.length()) {
                    String key = URLDecoder.decode(lower.substring(prefix.length())
                            .replace("+", "%2B"), StandardCharsets.UTF_8);
                    extra.computeIfAbsent(key, k -> new ArrayList<>())
                            .addAll(credentials.headers().all(header));
                }
            }
        }
        String uid = first(uidHeaders, credentials);
        return Optional.of(UserInfo.authenticated(name, uid == null ? "" : uid, groups, extra));
    }

    /** The first non-empty value of {@code headers}, in their order; null when none has one. */
    private static String first(List<String> headers, RequestCredentials credentials) {
        for (String header : headers) {
            for (String value : credentials.headers().all(header)) {
                if (!value.isEmpty()) {
                    return value;
                }
            }
        }
        return null;
    }
}
