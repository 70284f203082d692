package io.j8s.apiserver.authn;

import io.j8s.api.errors.StatusException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Upstream's impersonation: {@code Impersonate-User}, {@code Impersonate-Group},
 * {@code Impersonate-Uid} and {@code Impersonate-Extra-KEY} make the request act as another
 * user, once the authorizer allows the requester the {@code impersonate} verb on each:
 * {@code users} (or {@code serviceaccounts} in the account's namespace for
 * {@code system:serviceaccount:NS:NAME}), {@code groups}, and {@code uids} and
 * {@code userextras/KEY} in {@code authentication.k8s.io}.
 */
public final class Impersonation {
    static final String USER = "impersonate-user";
    static final String GROUP = "impersonate-group";
    static final String UID = "impersonate-uid";
    static final String EXTRA = "impersonate-extra-";
    private static final String SA_PREFIX = "system:serviceaccount:";

    private Impersonation() {}

    /**
     * The user the request acts as: {@code user} when it asks for no impersonation.
     *
     * @param headers a request header's values by its name in lower case (empty when absent)
     * @param denied the 403 for a denied {@code impersonate}
     * @param names the names of the request's headers
     */
    public static UserInfo apply(UserInfo user, Iterable<String> names,
            Function<String, List<String>> headers, Authorizer authorizer,
            Function<Attributes, RuntimeException> denied) {
        List<String> users = headers.apply(USER);
        List<String> groups = headers.apply(GROUP);
        List<String> uids = headers.apply(UID);
        List<String[]> extras = new ArrayList<>();
        for (String name : names) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(EXTRA)) {
                String key = java.net.URLDecoder.decode(lower.substring(EXTRA.length()),
                        java.nio.charset.StandardCharsets.UTF_8);
                headers.apply(lower).forEach(v -> extras.add(new String[] {key, v}));
            }
        }
        if (users.isEmpty()) {
            if (!groups.isEmpty() || !uids.isEmpty() || !extras.isEmpty()) {
                throw StatusException.badRequest("requested " + (groups.isEmpty()
                        ? uids.isEmpty() ? "extra" : "uid" : "groups")
                        + " without impersonating a user");
            }
            return user;
        }
        String name = users.getFirst();
        if (name.startsWith(SA_PREFIX) && name.split(":").length == 4) {
            String[] p = name.split(":");
            check(authorizer, denied, Attributes.resource(user, "impersonate", "", "v1", p[2],
                    "serviceaccounts", "", p[3]));
        } else {
            check(authorizer, denied, Attributes.resource(user, "impersonate", "", "v1", "",
                    "users", "", name));
        }
        for (String g : groups) {
            check(authorizer, denied, Attributes.resource(user, "impersonate", "", "v1", "",
                    "groups", "", g));
        }
        for (String u : uids) {
            check(authorizer, denied, Attributes.resource(user, "impersonate",
                    "authentication.k8s.io", "v1", "", "uids", "", u));
        }
        for (String[] e : extras) {
            check(authorizer, denied, Attributes.resource(user, "impersonate",
                    "authentication.k8s.io", "v1", "", "userextras", e[0], e[1]));
        }
        List<String> all = new ArrayList<>(groups);
        if (name.startsWith(SA_PREFIX) && name.split(":").length == 4) {
            all.add("system:serviceaccounts");
            all.add("system:serviceaccounts:" + name.split(":")[2]);
        }
        String everyone = name.equals(UserInfo.ANONYMOUS.name()) ? "system:unauthenticated"
                : UserInfo.AUTHENTICATED;
        if (!all.contains(everyone)) {
            all.add(everyone);
        }
        return new UserInfo(name, uids.isEmpty() ? "" : uids.getFirst(), all);
    }

    private static void check(Authorizer authorizer, Function<Attributes, RuntimeException> denied,
            Attributes a) {
        if (!authorizer.allowed(a)) {
            throw denied.apply(a);
        }
    }
}
