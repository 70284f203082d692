package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import io.j8s.api.validation.NameFormats;
import java.util.ArrayList;
import java.util.List;

/**
 * APIServices, with upstream's validation (kube-aggregator's ValidateAPIService): the name is
 * {@code <version>.<group>}, the priorities are in range, and a local APIService (no service)
 * has neither a caBundle nor insecureSkipTLSVerify. Stored only: the aggregator that proxies to
 * them comes later.
 */
final class APIServiceStrategy implements Strategy {

    @Override
    public List<StatusCause> validate(ObjectNode apiService) {
        List<StatusCause> causes = new ArrayList<>();
        JsonNode spec = apiService.path("spec");
        FieldPath specPath = FieldPath.of("spec");
        String group = spec.path("group").asText("");
        String version = spec.path("version").asText("");
        String name = Meta.name(apiService);
        String required = version + "." + group;
        // The path-segment rule itself is MetaValidation's; upstream adds this to the name rule.
        if (NameFormats.pathSegmentName(name).isEmpty() && !name.isEmpty()
                && !name.equals(required)) {
            causes.add(Causes.invalid(FieldPath.of("metadata", "name"), name,
                    "must be `spec.version+\".\"+spec.group`: \"" + required + "\""));
        }
        if (group.isEmpty() && !version.equals("v1")) {
            causes.add(Causes.required(specPath.child("group"),
                    "only v1 may have an empty group and it better be legacy kube"));
        }
        if (!group.isEmpty()) {
            NameFormats.dns1123Subdomain(group).forEach(e ->
                    causes.add(Causes.invalid(specPath.child("group"), group, e)));
        }
        NameFormats.dns1035Label(version).forEach(e ->
                causes.add(Causes.invalid(specPath.child("version"), version, e)));
        long groupPriority = spec.path("groupPriorityMinimum").asLong(0);
        if (groupPriority <= 0 || groupPriority > 20000) {
            causes.add(Causes.invalid(specPath.child("groupPriorityMinimum"), groupPriority,
                    "must be positive and less than 20000"));
        }
        long versionPriority = spec.path("versionPriority").asLong(0);
        if (versionPriority <= 0 || versionPriority > 1000) {
            causes.add(Causes.invalid(specPath.child("versionPriority"), versionPriority,
                    "must be positive and less than 1000"));
        }
        int caBundle = CertificatePem.bytes(spec.get("caBundle")).length;
        boolean insecure = spec.path("insecureSkipTLSVerify").asBoolean(false);
        JsonNode service = spec.get("service");
        if (service == null || service.isNull()) {
            if (caBundle != 0) {
                causes.add(Causes.invalid(specPath.child("caBundle"), caBundle + " bytes",
                        "local APIServices may not have a caBundle"));
            }
            if (insecure) {
                causes.add(Causes.invalid(specPath.child("insecureSkipTLSVerify"), true,
                        "local APIServices may not have insecureSkipTLSVerify"));
            }
            return causes;
        }
        FieldPath servicePath = specPath.child("service");
        if (service.path("namespace").asText("").isEmpty()) {
            causes.add(Causes.required(servicePath.child("namespace"), ""));
        }
        if (service.path("name").asText("").isEmpty()) {
            causes.add(Causes.required(servicePath.child("name"), ""));
        }
        long port = service.path("port").asLong(0);
        if (port < 1 || port > 65535) {
            causes.add(Causes.invalid(servicePath.child("port"), port,
                    "port is not valid: must be between 1 and 65535, inclusive"));
        }
        if (insecure && caBundle > 0) {
            causes.add(Causes.invalid(specPath.child("insecureSkipTLSVerify"), true,
                    "may not be true if caBundle is present"));
        }
        return causes;
    }

    @Override
    public void applyDefaults(ObjectNode apiService) {
        // upstream's v1 default: a service reference without a port means 443
        JsonNode service = apiService.path("spec").get("service");
        if (service instanceof ObjectNode s && !s.has("port")) {
            s.put("port", 443);
        }
    }
}
