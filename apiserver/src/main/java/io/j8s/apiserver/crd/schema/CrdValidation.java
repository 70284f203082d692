package io.j8s.apiserver.crd.schema;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceConversion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionSpec;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.SelectableField;
import io.fabric8.kubernetes.api.model.apiextensions.v1.WebhookClientConfig;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import io.j8s.api.validation.NameFormats;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Upstream's validation of a CustomResourceDefinition itself: its name, group, names, scope,
 * versions, conversion, printer columns, selectable fields and (in {@link StructuralRules}) the
 * structural schema of each version with its CEL rules and their cost.
 */
public final class CrdValidation {
    private static final List<String> COLUMN_TYPES = List.of("integer", "number", "string",
            "boolean", "date");
    private static final List<String> COLUMN_FORMATS = List.of("int32", "int64", "float",
            "double", "byte", "date", "date-time", "password");

    private CrdValidation() {}

    public static List<StatusCause> validate(CustomResourceDefinition crd,
            CustomResourceDefinition oldOrNull) {
        List<StatusCause> causes = new ArrayList<>();
        CustomResourceDefinitionSpec spec = crd.getSpec();
        if (spec == null) {
            causes.add(Causes.required(FieldPath.of("spec"), ""));
            return causes;
        }
        FieldPath sp = FieldPath.of("spec");
        String group = orEmpty(spec.getGroup());
        CustomResourceDefinitionNames names = spec.getNames();
        String plural = names == null ? "" : orEmpty(names.getPlural());
        String name = crd.getMetadata() == null ? "" : orEmpty(crd.getMetadata().getName());
        if (!name.equals(plural + "." + group)) {
            causes.add(Causes.invalid(FieldPath.of("metadata", "name"), name,
                    "must be spec.names.plural+\".\"+spec.group"));
        }
        if (group.isEmpty()) {
            causes.add(Causes.required(sp.child("group"), ""));
        } else {
            List<String> errs = NameFormats.dns1123Subdomain(group);
            if (!errs.isEmpty()) {
                causes.add(Causes.invalid(sp.child("group"), group, String.join(",", errs)));
            } else if (!group.contains(".")) {
                causes.add(Causes.invalid(sp.child("group"), group,
                        "should be a domain with at least one dot"));
            }
        }
        String scope = orEmpty(spec.getScope());
        if (scope.isEmpty()) {
            causes.add(Causes.required(sp.child("scope"), ""));
        } else if (!scope.equals("Cluster") && !scope.equals("Namespaced")) {
            causes.add(Causes.notSupported(sp.child("scope"), scope,
                    List.of("Cluster", "Namespaced")));
        }
        names(names, sp.child("names"), causes);
        versions(spec, sp, causes);
        conversion(spec.getConversion(), sp.child("conversion"), causes);
        if (oldOrNull != null && oldOrNull.getSpec() != null) {
            if (!group.equals(orEmpty(oldOrNull.getSpec().getGroup()))) {
                causes.add(Causes.invalid(sp.child("group"), group, "field is immutable"));
            }
            if (!scope.equals(orEmpty(oldOrNull.getSpec().getScope()))
                    && oldOrNull.getStatus() != null
                    && oldOrNull.getStatus().getStoredVersions() != null
                    && !oldOrNull.getStatus().getStoredVersions().isEmpty()) {
                causes.add(Causes.invalid(sp.child("scope"), scope, "field is immutable"));
            }
        }
        return causes;
    }

    private static void names(CustomResourceDefinitionNames n, FieldPath p,
            List<StatusCause> causes) {
        if (n == null) {
            n = new CustomResourceDefinitionNames();
        }
        dns1035(n.getPlural(), p.child("plural"), true, causes);
        dns1035(n.getSingular(), p.child("singular"), false, causes);
        kind(n.getKind(), p.child("kind"), true, causes);
        kind(n.getListKind(), p.child("listKind"), false, causes);
        if (n.getKind() != null && !n.getKind().isEmpty() && n.getKind().equals(n.getListKind())) {
            causes.add(Causes.invalid(p.child("listKind"), n.getListKind(),
                    "kind and listKind may not be the same or parsing will fail"));
        }
        List<String> shortNames = n.getShortNames() == null ? List.of() : n.getShortNames();
        for (int i = 0; i < shortNames.size(); i++) {
            List<String> errs = NameFormats.dns1035Label(shortNames.get(i));
            if (!errs.isEmpty()) {
                causes.add(Causes.invalid(p.child("shortNames").index(i), shortNames.get(i),
                        String.join(",", errs)));
            }
        }
        List<String> categories = n.getCategories() == null ? List.of() : n.getCategories();
        for (int i = 0; i < categories.size(); i++) {
            List<String> errs = NameFormats.dns1035Label(categories.get(i));
            if (!errs.isEmpty()) {
                causes.add(Causes.invalid(p.child("categories").index(i), categories.get(i),
                        String.join(",", errs)));
            }
        }
    }

    private static void dns1035(String v, FieldPath p, boolean required,
            List<StatusCause> causes) {
        if (v == null || v.isEmpty()) {
            if (required) {
                causes.add(Causes.required(p, ""));
            }
            return;
        }
        List<String> errs = NameFormats.dns1035Label(v);
        if (!errs.isEmpty()) {
            causes.add(Causes.invalid(p, v, String.join(",", errs)));
        }
    }

    private static void kind(String v, FieldPath p, boolean required, List<StatusCause> causes) {
        if (v == null || v.isEmpty()) {
            if (required) {
                causes.add(Causes.required(p, ""));
            }
            return;
        }
        if (!NameFormats.dns1035Label(v.toLowerCase(Locale.ROOT)).isEmpty()) {
            causes.add(Causes.invalid(p, v, "may have mixed case, but should otherwise match:"
                    + " [a-z]([-a-z0-9]*[a-z0-9])?"));
        }
    }

    private static void versions(CustomResourceDefinitionSpec spec, FieldPath sp,
            List<StatusCause> causes) {
        List<CustomResourceDefinitionVersion> versions = spec.getVersions() == null ? List.of()
                : spec.getVersions();
        FieldPath vp = sp.child("versions");
        if (versions.isEmpty()) {
            causes.add(Causes.required(vp, "must have exactly one version marked as storage"
                    + " version"));
            return;
        }
        int storage = 0;
        boolean served = false;
        Set<String> seen = new HashSet<>();
        long totalCost = 0;
        // As upstream's conversion to its internal version, one schema shared by every version
        // is validated once, as spec.validation.
        boolean sameSchema = versions.stream().allMatch(v -> v.getSchema() != null
                && v.getSchema().getOpenAPIV3Schema() != null
                && v.getSchema().getOpenAPIV3Schema().equals(
                        versions.get(0).getSchema().getOpenAPIV3Schema()));
        if (sameSchema) {
            totalCost = StructuralRules.validate(versions.get(0).getSchema().getOpenAPIV3Schema(),
                    sp.child("validation").child("openAPIV3Schema"), causes);
        }
        for (int i = 0; i < versions.size(); i++) {
            CustomResourceDefinitionVersion v = versions.get(i);
            FieldPath p = vp.index(i);
            storage += Boolean.TRUE.equals(v.getStorage()) ? 1 : 0;
            served |= Boolean.TRUE.equals(v.getServed());
            String name = orEmpty(v.getName());
            if (name.isEmpty()) {
                causes.add(Causes.required(p.child("name"), ""));
            } else if (!NameFormats.dns1035Label(name).isEmpty()) {
                causes.add(Causes.invalid(p.child("name"), name,
                        String.join(",", NameFormats.dns1035Label(name))));
            } else if (!seen.add(name)) {
                causes.add(Causes.invalid(p.child("name"), name, "must be unique"));
            }
            FieldPath schemaPath = p.child("schema").child("openAPIV3Schema");
            if (v.getSchema() == null || v.getSchema().getOpenAPIV3Schema() == null) {
                causes.add(Causes.required(schemaPath, "schemas are required"));
            } else if (!sameSchema) {
                totalCost = CelRules.CostOf.add(totalCost, StructuralRules.validate(
                        v.getSchema().getOpenAPIV3Schema(), schemaPath, causes));
            }
            columns(v.getAdditionalPrinterColumns(), p.child("additionalPrinterColumns"),
                    causes);
            selectable(v, p.child("selectableFields"), causes);
            if (v.getSubresources() != null && v.getSubresources().getScale() != null) {
                var scale = v.getSubresources().getScale();
                FieldPath sc = p.child("subresources").child("scale");
                path(scale.getSpecReplicasPath(), ".spec.", sc.child("specReplicasPath"), true,
                        causes);
                path(scale.getStatusReplicasPath(), ".status.", sc.child("statusReplicasPath"),
                        true, causes);
                path(scale.getLabelSelectorPath(), ".", sc.child("labelSelectorPath"), false,
                        causes);
            }
        }
        if (storage != 1) {
            causes.add(Causes.invalid(vp, new Causes.GoValue(goVersions(versions)),
                    "must have exactly one version marked as storage version"));
        }
        if (!served) {
            causes.add(Causes.invalid(vp, new Causes.GoValue(goVersions(versions)),
                    "must have at least one version marked as served"));
        }
        if (totalCost > CelRules.CRD_COST_LIMIT) {
            causes.add(Causes.forbidden(sp.child("validation").child("openAPIV3Schema"),
                    CelRules.costMessage("x-kubernetes-validations estimated rule cost total for"
                            + " entire OpenAPIv3Schema", totalCost, CelRules.CRD_COST_LIMIT)));
        }
    }

    private static String goVersions(List<CustomResourceDefinitionVersion> versions) {
        StringBuilder b = new StringBuilder("[]apiextensions.CustomResourceDefinitionVersion{");
        for (int i = 0; i < versions.size(); i++) {
            CustomResourceDefinitionVersion v = versions.get(i);
            b.append(i == 0 ? "" : ", ").append("apiextensions.CustomResourceDefinitionVersion{")
                    .append("Name:\"").append(orEmpty(v.getName())).append("\", Served:")
                    .append(Boolean.TRUE.equals(v.getServed())).append(", Storage:")
                    .append(Boolean.TRUE.equals(v.getStorage())).append(", ...}");
        }
        return b.append('}').toString();
    }

    private static void path(String v, String prefix, FieldPath p, boolean required,
            List<StatusCause> causes) {
        if (v == null || v.isEmpty()) {
            if (required) {
                causes.add(Causes.required(p, ""));
            }
            return;
        }
        if (!v.startsWith(prefix) || v.length() == prefix.length()) {
            causes.add(Causes.invalid(p, v, "should be a json path under " + prefix));
        }
    }

    private static void columns(List<CustomResourceColumnDefinition> columns, FieldPath p,
            List<StatusCause> causes) {
        if (columns == null) {
            return;
        }
        for (int i = 0; i < columns.size(); i++) {
            CustomResourceColumnDefinition c = columns.get(i);
            FieldPath cp = p.index(i);
            if (orEmpty(c.getName()).isEmpty()) {
                causes.add(Causes.required(cp.child("name"), ""));
            }
            if (orEmpty(c.getType()).isEmpty()) {
                causes.add(Causes.required(cp.child("type"), ""));
            } else if (!COLUMN_TYPES.contains(c.getType())) {
                causes.add(Causes.notSupported(cp.child("type"), c.getType(), COLUMN_TYPES));
            }
            if (!orEmpty(c.getFormat()).isEmpty() && !COLUMN_FORMATS.contains(c.getFormat())) {
                causes.add(Causes.notSupported(cp.child("format"), c.getFormat(),
                        COLUMN_FORMATS));
            }
            String jsonPath = orEmpty(c.getJsonPath());
            if (jsonPath.isEmpty()) {
                causes.add(Causes.required(cp.child("jsonPath"), ""));
            } else if (!jsonPath.startsWith(".")) {
                // Upstream asks no more of a column's path: filters such as
                // .status.conditions[?(@.type=="Ready")].status are common.
                causes.add(Causes.invalid(cp.child("jsonPath"), jsonPath,
                        "must be a simple json path starting with ."));
            }
        }
    }

    private static void selectable(CustomResourceDefinitionVersion v, FieldPath p,
            List<StatusCause> causes) {
        List<SelectableField> fields = v.getSelectableFields();
        if (fields == null) {
            return;
        }
        if (fields.size() > 8) {
            causes.add(Causes.tooMany(p, fields.size(), 8));
        }
        Set<String> seen = new HashSet<>();
        SchemaNode root = v.getSchema() == null ? null
                : SchemaNode.of(v.getSchema().getOpenAPIV3Schema());
        for (int i = 0; i < fields.size(); i++) {
            String jsonPath = orEmpty(fields.get(i).getJsonPath());
            FieldPath fp = p.index(i).child("jsonPath");
            if (jsonPath.isEmpty()) {
                causes.add(Causes.required(fp, ""));
                continue;
            }
            if (!seen.add(jsonPath)) {
                causes.add(Causes.duplicate(fp, jsonPath));
                continue;
            }
            SchemaNode field = root == null ? null : JsonPaths.resolve(root, jsonPath);
            if (field == null) {
                causes.add(Causes.invalid(fp, jsonPath, "is an invalid path"));
            } else if (!Set.of("string", "integer", "boolean").contains(field.type)) {
                causes.add(Causes.invalid(fp, jsonPath, "must point to a field of type string,"
                        + " boolean or integer. Enum string fields and strings with formats are"
                        + " allowed."));
            }
        }
    }

    private static void conversion(CustomResourceConversion c, FieldPath p,
            List<StatusCause> causes) {
        if (c == null) {
            return;
        }
        String strategy = orEmpty(c.getStrategy());
        if (!strategy.equals("None") && !strategy.equals("Webhook")) {
            causes.add(Causes.notSupported(p.child("strategy"), strategy,
                    List.of("None", "Webhook")));
            return;
        }
        FieldPath wp = p.child("webhook");
        if (strategy.equals("None")) {
            if (c.getWebhook() != null) {
                causes.add(Causes.forbidden(wp,
                        "should not be set when strategy is not set to Webhook"));
            }
            return;
        }
        if (c.getWebhook() == null) {
            causes.add(Causes.required(wp, "required when strategy is set to Webhook"));
            return;
        }
        WebhookClientConfig cc = c.getWebhook().getClientConfig();
        if (cc == null) {
            causes.add(Causes.required(wp.child("clientConfig"),
                    "required when strategy is set to Webhook"));
        } else {
            boolean url = cc.getUrl() != null, service = cc.getService() != null;
            if (url == service) {
                causes.add(Causes.required(wp.child("clientConfig"),
                        "exactly one of url or service is required"));
            } else if (url && !cc.getUrl().startsWith("https://")) {
                causes.add(Causes.invalid(wp.child("clientConfig").child("url"), cc.getUrl(),
                        "'https' is the only allowed URL scheme"));
            } else if (service && orEmpty(cc.getService().getName()).isEmpty()) {
                causes.add(Causes.required(wp.child("clientConfig").child("service")
                        .child("name"), "service name is required"));
            }
        }
        List<String> reviews = c.getWebhook().getConversionReviewVersions();
        if (reviews == null || reviews.isEmpty()) {
            causes.add(Causes.required(wp.child("conversionReviewVersions"),
                    "must include at least one of v1, v1beta1"));
        } else if (!reviews.contains("v1") && !reviews.contains("v1beta1")) {
            causes.add(Causes.invalid(wp.child("conversionReviewVersions"),
                    new Causes.GoValue(goStrings(reviews)),
                    "must include at least one of v1, v1beta1"));
        }
    }

    private static String goStrings(List<String> l) {
        StringBuilder b = new StringBuilder("[]string{");
        for (int i = 0; i < l.size(); i++) {
            b.append(i == 0 ? "" : ", ").append('"').append(l.get(i)).append('"');
        }
        return b.append('}').toString();
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
