package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import io.j8s.api.validation.NameFormats;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Upstream's checks of a CertificateSigningRequest's spec and status, with its messages: the
 * request is a PEM {@code CERTIFICATE REQUEST} whose signature verifies, usages are known and not
 * repeated, the signer name is {@code example.com/name}, conditions are well-formed and Approved
 * and Denied exclude each other, a certificate is PEM {@code CERTIFICATE} blocks only.
 */
final class CertificateRequestValidation {
    static final List<String> USAGES = List.of("any", "cert sign", "client auth", "code signing",
            "content commitment", "crl sign", "data encipherment", "decipher only",
            "digital signature", "email protection", "encipher only", "ipsec end system",
            "ipsec tunnel", "ipsec user", "key agreement", "key encipherment",
            "microsoft sgc", "netscape sgc", "ocsp signing", "s/mime", "server auth", "signing",
            "timestamping");
    private static final Set<String> TRUE_ONLY = Set.of("Approved", "Denied", "Failed");

    private CertificateRequestValidation() {}

    static List<StatusCause> validate(ObjectNode csr) {
        List<StatusCause> causes = new ArrayList<>();
        JsonNode spec = csr.path("spec");
        FieldPath specPath = FieldPath.of("spec");
        byte[] request = CertificatePem.bytes(spec.path("request"));
        String requestError = CertificatePem.requestError(request);
        if (requestError != null) {
            causes.add(Causes.invalid(specPath.child("request"),
                    CertificatePem.goBytes(request), requestError));
        }
        JsonNode usages = items(spec.path("usages"));
        if (usages.isEmpty()) {
            causes.add(Causes.required(specPath.child("usages"), ""));
        }
        for (int i = 0; i < usages.size(); i++) {
            String usage = usages.get(i).asText();
            if (!USAGES.contains(usage)) {
                causes.add(Causes.notSupported(specPath.child("usages").index(i), usage, USAGES));
            }
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < usages.size(); i++) {
            String usage = usages.get(i).asText();
            if (!seen.add(usage)) {
                causes.add(Causes.duplicate(specPath.child("usages").index(i), usage));
            }
        }
        causes.addAll(signerName(specPath.child("signerName"), spec.path("signerName").asText("")));
        JsonNode expiration = spec.get("expirationSeconds");
        if (expiration != null && !expiration.isNull() && expiration.asLong() < 600) {
            causes.add(Causes.invalid(specPath.child("expirationSeconds"), expiration.asLong(),
                    "may not specify a duration less than 600 seconds (10 minutes)"));
        }
        causes.addAll(conditions(items(csr.path("status").path("conditions"))));
        String certificateError = CertificatePem.certificateError(
                CertificatePem.bytes(csr.path("status").path("certificate")));
        if (certificateError != null) {
            causes.add(Causes.invalid(FieldPath.of("status", "certificate"),
                    "<certificate data>", certificateError));
        }
        return causes;
    }

    private static List<StatusCause> conditions(JsonNode conditions) {
        List<StatusCause> causes = new ArrayList<>();
        FieldPath path = FieldPath.of("status", "conditions");
        Set<String> types = new HashSet<>();
        boolean approved = false;
        boolean denied = false;
        for (int i = 0; i < conditions.size(); i++) {
            JsonNode c = conditions.get(i);
            String type = c.path("type").asText("");
            String status = c.path("status").asText("");
            if (type.isEmpty()) {
                causes.add(Causes.required(path.index(i).child("type"), ""));
            }
            List<String> allowed = TRUE_ONLY.contains(type) ? List.of("True")
                    : List.of("False", "True", "Unknown");
            if (status.isEmpty()) {
                causes.add(Causes.required(path.index(i).child("status"), ""));
            } else if (!allowed.contains(status)) {
                causes.add(Causes.notSupported(path.index(i).child("status"), status, allowed));
            }
            if (type.equals("Approved") || type.equals("Denied")) {
                approved |= type.equals("Approved");
                denied |= type.equals("Denied");
                if (approved && denied) {
                    causes.add(Causes.invalid(path.index(i).child("type"), type,
                            "Approved and Denied conditions are mutually exclusive"));
                }
            }
            if (!types.add(type)) {
                causes.add(Causes.duplicate(path.index(i).child("type"), type));
            }
        }
        return causes;
    }

    /** Upstream's ValidateSignerName: a domain of two or more labels, a slash, a path. */
    static List<StatusCause> signerName(FieldPath path, String signerName) {
        List<StatusCause> causes = new ArrayList<>();
        if (signerName.isEmpty()) {
            causes.add(Causes.required(path, ""));
            return causes;
        }
        String[] segments = signerName.split("/", -1);
        if (segments.length != 2) {
            causes.add(Causes.invalid(path, signerName, "must be a fully qualified domain and"
                    + " path of the form 'example.com/signer-name'"));
            return causes;
        }
        String domain = segments[0];
        if (domain.length() > NameFormats.DNS1123_SUBDOMAIN_MAX_LENGTH) {
            causes.add(Causes.tooLong(path, NameFormats.DNS1123_SUBDOMAIN_MAX_LENGTH));
        }
        String[] labels = domain.split("\\.", -1);
        for (String label : labels) {
            List<String> errs = NameFormats.dns1123Label(label);
            if (!errs.isEmpty()) {
                errs.forEach(e -> causes.add(Causes.invalid(path, domain,
                        "validating label \"" + label + "\": " + e)));
                break;
            }
        }
        if (labels.length < 2) {
            causes.add(Causes.invalid(path, domain,
                    "should be a domain with at least two segments separated by dots"));
        }
        for (String label : segments[1].split("\\.", -1)) {
            List<String> errs = NameFormats.dns1123Subdomain(label);
            if (!errs.isEmpty()) {
                errs.forEach(e -> causes.add(Causes.invalid(path, segments[1],
                        "validating label \"" + label + "\": " + e)));
                break;
            }
        }
        int max = 2 * NameFormats.DNS1123_SUBDOMAIN_MAX_LENGTH + 1;
        if (signerName.length() > max) {
            causes.add(Causes.tooLong(path, max));
        }
        return causes;
    }

    /** {@code list} when it is an array; an empty array otherwise (its type is wrong). */
    static JsonNode items(JsonNode list) {
        return list.isArray() ? list : MissingNode.getInstance();
    }
}
