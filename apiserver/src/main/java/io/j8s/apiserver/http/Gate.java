package io.j8s.apiserver.http;

import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.authn.Authenticator;
import io.j8s.apiserver.authn.Authorizer;
import io.j8s.apiserver.authn.RequestCredentials;
import io.j8s.apiserver.authn.UserInfo;
import java.util.Optional;
import java.util.Set;

/**
 * Who may make a request: authentication (401 without credentials, or with bad ones), then
 * authorization (403). The health endpoints and {@code /version} are open to anyone, as upstream
 * leaves them to anonymous users.
 */
final class Gate {
    private static final Set<String> OPEN = Set.of("/healthz", "/livez", "/readyz", "/version");

    private final Authenticator authenticator;
    private final Authorizer authorizer;

    /** A gate that admits everyone as a cluster admin; only for tests on loopback. */
    static Gate anonymousAdmin() {
        return new Gate(null, null);
    }

    Gate(Authenticator authenticator, Authorizer authorizer) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
    }

    /** Checks a request; returns the user, or throws the 401 or 403 to answer with. */
    UserInfo check(String method, String path, RequestCredentials credentials) {
        if (authenticator == null) {
            return Reviews.ADMIN;
        }
        boolean open = OPEN.contains(path) || OPEN.stream().anyMatch(p -> path.startsWith(p + "/"));
        Optional<UserInfo> user = credentials.isEmpty()
                ? Optional.empty() : authenticator.authenticate(credentials);
        if (user.isEmpty()) {
            if (open) {
                return new UserInfo("system:anonymous", "", java.util.List.of("system:unauthenticated"));
            }
            throw StatusException.unauthorized("Unauthorized");
        }
        if (open) {
            return user.get();
        }
        RequestAttributes a = RequestAttributes.of(method, path);
        if (!authorizer.allowed(user.get(), a.verb(), a.resource())) {
            throw StatusException.forbidden(a.describeDenial(user.get().name()));
        }
        return user.get();
    }

    /** The verb and resource of a request, as authorization and its messages name them. */
    record RequestAttributes(String verb, String resource, String group, String namespace,
            boolean resourceRequest) {

        static RequestAttributes of(String method, String path) {
            String[] s = path.startsWith("/") ? path.substring(1).split("/") : path.split("/");
            int i;
            String group;
            if (s.length >= 2 && s[0].equals("api")) {
                group = "";
                i = 2;
            } else if (s.length >= 3 && s[0].equals("apis")) {
                group = s[1];
                i = 3;
            } else {
                return new RequestAttributes(method.toLowerCase(java.util.Locale.ROOT), path, "",
                        "", false);
            }
            String namespace = "";
            if (s.length > i + 2 && s[i].equals("namespaces")) {
                namespace = s[i + 1];
                i += 2;
            }
            if (s.length <= i) {
                return new RequestAttributes("get", path, group, "", false);
            }
            String resource = s[i];
            boolean named = s.length > i + 1;
            if (s.length > i + 2) {
                resource = resource + "/" + s[i + 2];
            }
            String verb = switch (method) {
                case "GET", "HEAD" -> named ? "get" : "list";
                case "POST" -> "create";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> named ? "delete" : "deletecollection";
                default -> method.toLowerCase(java.util.Locale.ROOT);
            };
            return new RequestAttributes(verb, resource, group, namespace, true);
        }

        String describeDenial(String user) {
            if (!resourceRequest) {
                return "forbidden: User \"" + user + "\" cannot " + verb + " path \"" + resource
                        + "\"";
            }
            String base = resource.contains("/") ? resource.substring(0, resource.indexOf('/'))
                    : resource;
            String qualified = group.isEmpty() ? base : base + "." + group;
            return qualified + " is forbidden: User \"" + user + "\" cannot " + verb
                    + " resource \"" + resource + "\" in API group \"" + group + "\""
                    + (namespace.isEmpty() ? " at the cluster scope"
                            : " in the namespace \"" + namespace + "\"");
        }
    }
}
