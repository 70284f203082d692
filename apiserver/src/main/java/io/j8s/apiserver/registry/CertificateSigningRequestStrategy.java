package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import io.j8s.apiserver.authn.UserInfo;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * CertificateSigningRequests, as upstream's three strategies: a create records the requesting
 * user in the spec (whatever the body said) and starts with an empty status; the spec never
 * changes after; the Approved and Denied conditions change only through {@code /approval}, the
 * certificate only through {@code /status}, and neither condition nor certificate, once there,
 * goes away. Condition timestamps are filled in as upstream does.
 */
final class CertificateSigningRequestStrategy implements Strategy {
    private static final List<String> DECISIONS = List.of("Approved", "Denied");
    private final Clock clock;

    CertificateSigningRequestStrategy(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Set<String> selectableFields() {
        return Set.of("spec.signerName");
    }

    @Override
    public void applyDefaults(ObjectNode csr) {
        for (JsonNode c : csr.path("status").path("conditions")) {
            if (c instanceof ObjectNode condition && condition.path("status").asText("").isEmpty()) {
                condition.put("status", "True");
            }
        }
    }

    @Override
    public void prepareForCreate(ObjectNode csr, WriteOptions options) {
        csr.putObject("status");
        if (!(csr.get("spec") instanceof ObjectNode spec)) {
            return; // validation refuses it
        }
        spec.remove(List.of("username", "uid", "groups", "extra"));
        UserInfo user = options.user();
        if (user != null) {
            spec.put("username", user.name());
            if (!user.uid().isEmpty()) {
                spec.put("uid", user.uid());
            }
            if (!user.groups().isEmpty()) {
                ArrayNode groups = spec.putArray("groups");
                user.groups().forEach(groups::add);
            }
        }
    }

    @Override
    public void prepareForUpdate(ObjectNode csr, ObjectNode old, String subresource) {
        csr.set("spec", old.path("spec").deepCopy());
        if (subresource.equals("approval")) {
            JsonNode certificate = old.path("status").get("certificate");
            if (!(csr.get("status") instanceof ObjectNode status)) {
                return; // validation refuses it
            }
            if (certificate == null) {
                status.remove("certificate");
            } else {
                status.set("certificate", certificate);
            }
        }
        if (!subresource.isEmpty()) {
            stampConditions(csr, old);
        }
    }

    /** Upstream's populateConditionTimestamps. */
    private void stampConditions(ObjectNode csr, ObjectNode old) {
        String now = Meta.timestamp(clock.instant());
        for (JsonNode c : csr.path("status").path("conditions")) {
            if (!(c instanceof ObjectNode condition)) {
                continue;
            }
            if (condition.path("lastUpdateTime").asText("").isEmpty()) {
                condition.put("lastUpdateTime", now);
            }
            if (condition.path("lastTransitionTime").asText("").isEmpty()) {
                String kept = now;
                for (JsonNode o : old.path("status").path("conditions")) {
                    if (o.path("type").equals(condition.path("type"))
                            && o.path("status").equals(condition.path("status"))
                            && !o.path("lastTransitionTime").asText("").isEmpty()) {
                        kept = o.path("lastTransitionTime").asText();
                    }
                }
                condition.put("lastTransitionTime", kept);
            }
        }
    }

    @Override
    public List<StatusCause> validate(ObjectNode csr) {
        return CertificateRequestValidation.validate(csr);
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode csr, ObjectNode old) {
        return validateUpdate(csr, old, "");
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode csr, ObjectNode old, String subresource) {
        JsonNode certificate = csr.path("status").path("certificate");
        JsonNode oldCertificate = old.path("status").path("certificate");
        List<StatusCause> causes = new ArrayList<>();
        FieldPath conditions = FieldPath.of("status", "conditions");
        for (String type : List.of("Approved", "Denied", "Failed")) {
            if (find(csr, type).size() < find(old, type).size()) {
                causes.add(Causes.forbidden(conditions,
                        "updates may not remove a condition of type \"" + type + "\""));
            }
        }
        if (!subresource.equals("approval")) {
            for (String type : DECISIONS) {
                List<JsonNode> now = find(csr, type);
                List<JsonNode> before = find(old, type);
                if (now.size() > before.size()) {
                    causes.add(Causes.forbidden(conditions,
                            "updates may not add a condition of type \"" + type + "\""));
                } else if (now.size() == before.size() && !now.equals(before)) {
                    causes.add(Causes.forbidden(conditions,
                            "updates may not modify a condition of type \"" + type + "\""));
                }
            }
        }
        if (!certificate.equals(oldCertificate)) {
            if (!subresource.equals("status")) {
                causes.add(Causes.forbidden(FieldPath.of("status", "certificate"),
                        "updates may not set certificate content"));
            } else if (!oldCertificate.asText("").isEmpty()) {
                causes.add(Causes.forbidden(FieldPath.of("status", "certificate"),
                        "updates may not modify existing certificate content"));
            }
        }
        return causes;
    }

    private static List<JsonNode> find(ObjectNode csr, String type) {
        List<JsonNode> out = new ArrayList<>();
        CertificateRequestValidation.items(csr.path("status").path("conditions")).forEach(c -> {
            if (c.path("type").asText("").equals(type)) {
                out.add(c);
            }
        });
        return out;
    }
}
