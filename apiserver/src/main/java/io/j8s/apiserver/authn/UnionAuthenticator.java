package io.j8s.apiserver.authn;

import java.util.List;
import java.util.Optional;

/** Several authenticators as one: the first that recognises the request decides. */
final class UnionAuthenticator implements Authenticator {
    private final List<Authenticator> authenticators;

    UnionAuthenticator(List<Authenticator> authenticators) {
        this.authenticators = List.copyOf(authenticators);
    }

    @Override
    public Optional<UserInfo> authenticate(RequestCredentials credentials) {
        for (Authenticator authenticator : authenticators) {
            Optional<UserInfo> user = authenticator.authenticate(credentials);
            if (user.isPresent()) {
                return user;
            }
        }
        return Optional.empty();
    }
}
