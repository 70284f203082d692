package io.j8s.apiserver.admission;

import io.j8s.apiserver.authn.Authorizer;
import io.j8s.apiserver.authn.UserInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What admission knows of the request it runs in beyond the write itself: who sent it, the
 * authorizer that answers for them (CEL's {@code authorizer}), the subresource and whether it is
 * a dry run; and what it hands back: warnings for the client ({@code Warning} headers) and
 * annotations for the audit log. The transport sets it around each request on the thread that
 * serves it; writes made outside a request see an empty one.
 */
public final class AdmissionContext {
    private static final ThreadLocal<AdmissionContext> CURRENT = new ThreadLocal<>();

    private final UserInfo user;
    private final Authorizer authorizer;
    private final String subresource;
    private final boolean dryRun;
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, String> annotations = new LinkedHashMap<>();

    /**
     * @param user who asks; null when unknown (a write from inside the server)
     * @param authorizer the server's authorizer; null when unknown
     */
    public AdmissionContext(UserInfo user, Authorizer authorizer, String subresource,
            boolean dryRun) {
        this.user = user;
        this.authorizer = authorizer;
        this.subresource = subresource;
        this.dryRun = dryRun;
    }

    /** The context of the request this thread serves; an empty one outside a request. */
    public static AdmissionContext current() {
        AdmissionContext c = CURRENT.get();
        return c != null ? c : new AdmissionContext(null, null, "", false);
    }

    /** Runs {@code body} with this context current. */
    public <T> T run(Supplier<T> body) {
        AdmissionContext previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return body.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Who asks; null when unknown. */
    public UserInfo userInfo() {
        return user;
    }

    /** The user's name; empty when unknown. */
    public String user() {
        return user == null ? "" : user.name();
    }

    public List<String> groups() {
        return user == null ? List.of() : user.groups();
    }

    /** The server's authorizer; null when unknown. */
    public Authorizer authorizer() {
        return authorizer;
    }

    public String subresource() {
        return subresource;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public synchronized void warn(String warning) {
        if (!warnings.contains(warning)) {
            warnings.add(warning);
        }
    }

    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    public synchronized void annotate(String key, String value) {
        annotations.put(key, value);
    }

    public synchronized Map<String, String> annotations() {
        return Map.copyOf(annotations);
    }
}
