package io.j8s.apiserver.authn;

import java.util.ArrayList;
import java.util.List;

/**
 * An authenticated identity, as upstream's {@code user.Info}: a name, a uid (empty when the
 * authenticator has none, as for x509) and groups. Every authenticator here adds
 * {@value #AUTHENTICATED} to the groups, as upstream does.
 */
public record UserInfo(String name, String uid, List<String> groups) {
    public static final String AUTHENTICATED = "system:authenticated";
    /** Who a request without credentials is, when anonymous requests are accepted. */
    public static final UserInfo ANONYMOUS = new UserInfo("system:anonymous", "",
            List.of("system:unauthenticated"));

    public UserInfo {
        uid = uid == null ? "" : uid;
        groups = List.copyOf(groups);
    }

    /** The user with {@value #AUTHENTICATED} appended to its groups unless already there. */
    static UserInfo authenticated(String name, String uid, List<String> groups) {
        List<String> all = new ArrayList<>(groups);
        if (!all.contains(AUTHENTICATED)) {
            all.add(AUTHENTICATED);
        }
        return new UserInfo(name, uid, all);
    }
}
