package io.j8s.apiserver.admission;

import io.j8s.apiserver.authn.Authorizer;
import io.j8s.apiserver.authn.UserInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What admission knows of the API request it runs in, besides the object: who asks, the
 * authorizer that answers for them, and what admission hands back: warnings for the client's
 * {@code Warning} headers and audit annotations for the audit log. Opened by the HTTP front end
 * around each request, on the request's own thread.
 */
public final class AdmissionScope implements AutoCloseable {
    private static final ThreadLocal<AdmissionScope> CURRENT = new ThreadLocal<>();

    private final UserInfo user;
    private final Authorizer authorizer;
    private final AdmissionScope outer;
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, String> auditAnnotations = new LinkedHashMap<>();

    private AdmissionScope(UserInfo user, Authorizer authorizer, AdmissionScope outer) {
        this.user = user;
        this.authorizer = authorizer;
        this.outer = outer;
    }

    public static AdmissionScope open(UserInfo user, Authorizer authorizer) {
        AdmissionScope scope = new AdmissionScope(user, authorizer, CURRENT.get());
        CURRENT.set(scope);
        return scope;
    }

    /** The scope of the request on this thread; an empty one outside any request. */
    public static AdmissionScope current() {
        AdmissionScope s = CURRENT.get();
        return s != null ? s : new AdmissionScope(null, null, null);
    }

    /** Who asks; null when unknown (a write from inside the server). */
    public UserInfo user() {
        return user;
    }

    /** The server's authorizer; null when unknown. */
    public Authorizer authorizer() {
        return authorizer;
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
        auditAnnotations.putIfAbsent(key, value);
    }

    /** Audit annotations set during the request, for the audit log. */
    public synchronized Map<String, String> auditAnnotations() {
        return Map.copyOf(auditAnnotations);
    }

    @Override
    public void close() {
        if (outer != null) {
            CURRENT.set(outer);
        } else {
            CURRENT.remove();
        }
    }
}
