package io.j8s.apiserver.http;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.authn.Attributes;
import io.j8s.apiserver.authn.Authenticator;
import io.j8s.apiserver.authn.Authorizer;
import io.j8s.apiserver.authn.PublicInfo;
import io.j8s.apiserver.authn.RequestCredentials;
import io.j8s.apiserver.authn.UserInfo;
import io.j8s.apiserver.endpoints.RequestInfo;
import io.j8s.apiserver.endpoints.Reviews;
import java.util.Optional;

/**
 * Who may make a request, decided from its credentials and {@link RequestInfo} before its body is
 * read. Authentication: bad credentials are a 401 everywhere, even on the health endpoints, as
 * upstream; no credentials make the request {@code system:anonymous} when anonymous requests are
 * accepted ({@code --anonymous-auth}, and always on the health and version endpoints), else a 401.
 * Authorization: the authorizer decides on upstream's attributes; a denial is upstream's 403.
 */
final class Gate {
    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final boolean anonymousAuth;

    /** A gate that admits everyone as a cluster admin; only for tests on loopback. */
    static Gate anonymousAdmin() {
        return new Gate(null, null, false);
    }

    Gate(Authenticator authenticator, Authorizer authorizer, boolean anonymousAuth) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.anonymousAuth = anonymousAuth;
    }

    /**
     * Authenticates, applies the {@code Impersonate-*} headers and authorizes; returns the user
     * the request acts as, or throws the 401 or 403 to answer.
     */
    UserInfo check(RequestInfo info, RequestCredentials credentials, io.vertx.core.MultiMap headers) {
        UserInfo user = impersonate(authenticate(info, credentials), headers);
        authorize(info, user);
        return user;
    }

    /** The user making the request, or the 401 to answer. */
    UserInfo authenticate(RequestInfo info, RequestCredentials credentials) {
        if (authenticator == null) {
            return Reviews.ADMIN;
        }
        if (credentials.isEmpty()) {
            if (anonymousAuth || PublicInfo.covers(info.path())) {
                return UserInfo.ANONYMOUS;
            }
            throw StatusException.unauthorized("Unauthorized");
        }
        Optional<UserInfo> user = authenticator.authenticate(credentials);
        return user.orElseThrow(() -> StatusException.unauthorized("Unauthorized"));
    }

    /**
     * The user the request acts as after upstream's {@code Impersonate-*} headers
     * ({@link Impersonation}); a 403 naming the {@code impersonate} permission that is missing.
     */
    UserInfo impersonate(UserInfo user, io.vertx.core.MultiMap headers) {
        if (authenticator == null || headers.names().stream().noneMatch(n -> n.regionMatches(
                true, 0, "impersonate-", 0, 12))) {
            return user;
        }
        return io.j8s.apiserver.authn.Impersonation.apply(user, headers.names(), headers::getAll,
                authorizer, Gate::forbidden);
    }

    /** Returns when {@code user} may make the request; throws upstream's 403 otherwise. */
    void authorize(RequestInfo info, UserInfo user) {
        if (authenticator == null) {
            return;
        }
        Attributes a = info.attributes(user);
        if (!authorizer.allowed(a)) {
            throw forbidden(a);
        }
    }

    /**
     * Upstream's Forbidden: {@code pods "web" is forbidden: User ...} with the group, resource
     * and name in the details; {@code forbidden: User ...} for a path.
     */
    static StatusException forbidden(Attributes a) {
        String qualified = a.apiGroup().isEmpty() ? a.resource()
                : a.resource() + "." + a.apiGroup();
        String message;
        if (!a.resourceRequest() || a.resource().isEmpty()) {
            message = "forbidden: " + a.denial();
        } else if (a.name().isEmpty()) {
            message = qualified + " is forbidden: " + a.denial();
        } else {
            message = qualified + " \"" + a.name() + "\" is forbidden: " + a.denial();
        }
        StatusBuilder status = new StatusBuilder().withApiVersion("v1").withKind("Status")
                .withNewMetadata().endMetadata().withStatus("Failure").withMessage(message)
                .withReason("Forbidden").withCode(403);
        status.withNewDetails().withName(nullIfEmpty(a.name()))
                .withGroup(nullIfEmpty(a.apiGroup())).withKind(nullIfEmpty(a.resource()))
                .endDetails();
        return new StatusException(status.build());
    }

    private static String nullIfEmpty(String s) {
        return s.isEmpty() ? null : s;
    }
}
