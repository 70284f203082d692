package io.j8s.apiserver.authn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An authenticated identity, as upstream's {@code user.Info}: a name, a uid (empty when the
 * authenticator has none, as for x509), groups and extra attributes (a service account token's
 * {@code authentication.kubernetes.io/pod-name}, a front proxy's {@code X-Remote-Extra-*}).
 * Every authenticator here adds {@value #AUTHENTICATED} to the groups, as upstream does.
 */
public record UserInfo(String name, String uid, List<String> groups, Map<String, List<String>> extra) {
    public static final String AUTHENTICATED = "system:authenticated";
    /** Who a request without credentials is, when anonymous requests are accepted. */
    public static final UserInfo ANONYMOUS = new UserInfo("system:anonymous", "",
            List.of("system:unauthenticated"));

    public UserInfo {
        uid = uid == null ? "" : uid;
        groups = List.copyOf(groups);
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(extra));
    }

    /** A user without extra attributes. */
    public UserInfo(String name, String uid, List<String> groups) {
        this(name, uid, groups, Map.of());
    }

    /** The user with {@value #AUTHENTICATED} appended to its groups unless already there. */
    static UserInfo authenticated(String name, String uid, List<String> groups) {
        return authenticated(name, uid, groups, Map.of());
    }

    static UserInfo authenticated(String name, String uid, List<String> groups,
            Map<String, List<String>> extra) {
        List<String> all = new ArrayList<>(groups);
        if (!all.contains(AUTHENTICATED)) {
            all.add(AUTHENTICATED);
        }
        return new UserInfo(name, uid, all, extra);
    }
}
