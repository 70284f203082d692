package io.j8s.apiserver.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import io.j8s.api.validation.NameFormats;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/** Upstream's validation of a webhook clientConfig: exactly one of url and service. */
public final class ClientConfigValidation {
    private ClientConfigValidation() {}

    public static void validate(JsonNode cc, FieldPath path, List<StatusCause> causes) {
        boolean url = cc.hasNonNull("url");
        boolean service = cc.hasNonNull("service");
        if (url == service) {
            causes.add(Causes.required(path, "exactly one of url or service is required"));
            return;
        }
        if (url) {
            url(cc.path("url").asText(), path.child("url"), causes);
            return;
        }
        JsonNode svc = cc.path("service");
        FieldPath at = path.child("service");
        if (svc.path("name").asText("").isEmpty()) {
            causes.add(Causes.required(at.child("name"), "service name is required"));
        }
        if (svc.path("namespace").asText("").isEmpty()) {
            causes.add(Causes.required(at.child("namespace"), "service namespace is required"));
        }
        if (svc.hasNonNull("port")) {
            int port = svc.path("port").asInt();
            if (port < 1 || port > 65535) {
                causes.add(Causes.invalid(at.child("port"), port,
                        "port is not valid: must be between 1 and 65535, inclusive"));
            }
        }
        String p = svc.path("path").asText("");
        if (!p.isEmpty()) {
            if (!p.startsWith("/")) {
                causes.add(Causes.invalid(at.child("path"), p, "must start with a '/'"));
            } else if (p.length() > 1) {
                for (String segment : p.substring(1).split("/", -1)) {
                    if (segment.isEmpty()) {
                        causes.add(Causes.invalid(at.child("path"), p,
                                "segment[] may not be empty"));
                        break;
                    }
                    if (!NameFormats.dns1123Subdomain(segment).isEmpty()
                            && !segment.matches("[a-z0-9._-]+")) {
                        causes.add(Causes.invalid(at.child("path"), p,
                                "segment must be a DNS-1123 subdomain"));
                        break;
                    }
                }
            }
        }
    }

    private static void url(String text, FieldPath path, List<StatusCause> causes) {
        if (text.isEmpty()) {
            causes.add(Causes.required(path, "url must not be empty"));
            return;
        }
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            causes.add(Causes.invalid(path, text, "url must be a valid URL: " + e.getMessage()));
            return;
        }
        if (!"https".equals(u.getScheme())) {
            causes.add(Causes.invalid(path, text, "'https' is the only allowed URL scheme"));
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            causes.add(Causes.invalid(path, text, "host must be specified"));
        }
        if (u.getRawUserInfo() != null) {
            causes.add(Causes.invalid(path, text, "user information is not permitted in the URL"));
        }
        if (u.getRawFragment() != null) {
            causes.add(Causes.invalid(path, text, "fragments are not permitted in the URL"));
        }
        if (u.getRawQuery() != null) {
            causes.add(Causes.invalid(path, text, "query parameters are not permitted in the URL"));
        }
    }
}
