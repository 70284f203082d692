package io.j8s.apiserver.cel;

import static dev.cel.common.types.SimpleType.BOOL;
import static dev.cel.common.types.SimpleType.STRING;

import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import io.j8s.apiserver.authn.Attributes;
import io.j8s.apiserver.authn.Authorizer;
import io.j8s.apiserver.authn.UserInfo;
import java.util.List;

/**
 * Kubernetes' authorizer library: {@code authorizer.group(g).resource(r).subresource(s)
 * .namespace(n).name(x).check(verb).allowed()}, {@code authorizer.path(p).check(verb)},
 * {@code authorizer.serviceAccount(ns, name)}, and on a decision {@code allowed},
 * {@code reason}, {@code errored}, {@code error}; backed by the API server's authorizer.
 */
final class AuthorizerLibrary extends KubernetesLibrary {
    static final CelType AUTHORIZER = OpaqueType.create("kubernetes.authorization.Authorizer");
    static final CelType GROUP = OpaqueType.create("kubernetes.authorization.GroupCheck");
    static final CelType RESOURCE = OpaqueType.create("kubernetes.authorization.ResourceCheck");
    static final CelType PATH = OpaqueType.create("kubernetes.authorization.PathCheck");
    static final CelType DECISION = OpaqueType.create("kubernetes.authorization.Decision");

    /** Who asks, and the authorizer that answers. */
    record Subject(Authorizer authorizer, UserInfo user) {}

    record Group(Subject subject, String group) {}

    record Resource(Subject subject, String group, String resource, String subresource,
            String namespace, String name) {
        Resource with(String sub, String ns, String n) {
            return new Resource(subject, group, resource, sub, ns, n);
        }
    }

    record Path(Subject subject, String path) {}

    record Decision(boolean allowed, String reason) {}

    AuthorizerLibrary() {
        member("group", "authorizer_group", GROUP, List.of(AUTHORIZER, STRING),
                List.of(Subject.class, String.class), a -> new Group((Subject) a[0], s(a[1])));
        member("path", "authorizer_path", PATH, List.of(AUTHORIZER, STRING),
                List.of(Subject.class, String.class), a -> new Path((Subject) a[0], s(a[1])));
        member("serviceAccount", "authorizer_serviceaccount", AUTHORIZER,
                List.of(AUTHORIZER, STRING, STRING),
                List.of(Subject.class, String.class, String.class), a -> {
                    Subject sub = (Subject) a[0];
                    String ns = s(a[1]);
                    return new Subject(sub.authorizer(), new UserInfo(
                            "system:serviceaccount:" + ns + ":" + s(a[2]), "",
                            List.of("system:serviceaccounts", "system:serviceaccounts:" + ns,
                                    UserInfo.AUTHENTICATED)));
                });
        member("resource", "groupcheck_resource", RESOURCE, List.of(GROUP, STRING),
                List.of(Group.class, String.class), a -> {
                    Group g = (Group) a[0];
                    return new Resource(g.subject(), g.group(), s(a[1]), "", "", "");
                });
        member("subresource", "resourcecheck_subresource", RESOURCE, List.of(RESOURCE, STRING),
                List.of(Resource.class, String.class), a -> {
                    Resource r = (Resource) a[0];
                    return r.with(s(a[1]), r.namespace(), r.name());
                });
        member("namespace", "resourcecheck_namespace", RESOURCE, List.of(RESOURCE, STRING),
                List.of(Resource.class, String.class), a -> {
                    Resource r = (Resource) a[0];
                    return r.with(r.subresource(), s(a[1]), r.name());
                });
        member("name", "resourcecheck_name", RESOURCE, List.of(RESOURCE, STRING),
                List.of(Resource.class, String.class), a -> {
                    Resource r = (Resource) a[0];
                    return r.with(r.subresource(), r.namespace(), s(a[1]));
                });
        member("check", "resourcecheck_check", DECISION, List.of(RESOURCE, STRING),
                List.of(Resource.class, String.class), a -> {
                    Resource r = (Resource) a[0];
                    return decide(r.subject(), Attributes.resource(r.subject().user(), s(a[1]),
                            r.group(), "*", r.namespace(), r.resource(), r.subresource(),
                            r.name()));
                });
        member("check", "pathcheck_check", DECISION, List.of(PATH, STRING),
                List.of(Path.class, String.class), a -> {
                    Path p = (Path) a[0];
                    return decide(p.subject(),
                            Attributes.nonResource(p.subject().user(), s(a[1]), p.path()));
                });
        member("allowed", "decision_allowed", BOOL, List.of(DECISION), List.of(Decision.class),
                a -> ((Decision) a[0]).allowed());
        member("reason", "decision_reason", STRING, List.of(DECISION), List.of(Decision.class),
                a -> ((Decision) a[0]).reason());
        member("errored", "decision_errored", BOOL, List.of(DECISION), List.of(Decision.class),
                a -> false);
        member("error", "decision_error", STRING, List.of(DECISION), List.of(Decision.class),
                a -> "");
    }

    private static Decision decide(Subject subject, Attributes attributes) {
        boolean allowed = subject.authorizer().allowed(attributes);
        return new Decision(allowed, allowed ? "" : attributes.denial());
    }

    private static String s(Object o) {
        return (String) o;
    }
}
