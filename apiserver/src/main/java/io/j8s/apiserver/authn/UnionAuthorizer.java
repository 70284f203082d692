package io.j8s.apiserver.authn;

import java.util.ArrayList;
import java.util.List;

/** Several authorizers as one, as upstream chains its modes: the first that allows decides. */
final class UnionAuthorizer implements Authorizer {
    private final List<Authorizer> authorizers;

    UnionAuthorizer(List<Authorizer> authorizers) {
        this.authorizers = List.copyOf(authorizers);
    }

    @Override
    public boolean allowed(Attributes request) {
        return authorizers.stream().anyMatch(a -> a.allowed(request));
    }

    /** Every rule any of them grants; complete only when each of them is. */
    @Override
    public Rules rules(UserInfo user, String namespace) {
        List<ResourceRule> resources = new ArrayList<>();
        List<NonResourceRule> nonResources = new ArrayList<>();
        boolean incomplete = false;
        for (Authorizer a : authorizers) {
            Rules r = a.rules(user, namespace);
            resources.addAll(r.resourceRules());
            nonResources.addAll(r.nonResourceRules());
            incomplete |= r.incomplete();
        }
        return new Rules(resources, nonResources, incomplete);
    }
}
