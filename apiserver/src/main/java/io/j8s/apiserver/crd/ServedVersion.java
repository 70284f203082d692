package io.j8s.apiserver.crd;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceSubresourceScale;
import io.fabric8.kubernetes.api.model.apiextensions.v1.SelectableField;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.apiserver.crd.schema.VersionSchema;
import io.j8s.apiserver.registry.ScalePaths;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One served version of a CustomResourceDefinition, as the registry serves it.
 *
 * @param terminating the definition is being deleted: creates are refused
 */
record ServedVersion(CustomResourceDefinition crd, CustomResourceDefinitionVersion version,
        ResourceType type, VersionSchema schema, boolean terminating) {

    static final String FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

    /** Every version the definition serves, with {@code names} (its accepted names). */
    static List<ServedVersion> of(CustomResourceDefinition crd, CustomResourceDefinitionNames names,
            boolean terminating) {
        return crd.getSpec().getVersions().stream()
                .filter(v -> Boolean.TRUE.equals(v.getServed()))
                .map(v -> new ServedVersion(crd, v, type(crd, v, names),
                        VersionSchema.compile(v.getSchema() == null ? null
                                : v.getSchema().getOpenAPIV3Schema()), terminating))
                .toList();
    }

    static ResourceType type(CustomResourceDefinition crd, CustomResourceDefinitionVersion v,
            CustomResourceDefinitionNames names) {
        String group = crd.getSpec().getGroup();
        Set<String> subresources = new HashSet<>();
        if (v.getSubresources() != null && v.getSubresources().getStatus() != null) {
            subresources.add("status");
        }
        if (v.getSubresources() != null && v.getSubresources().getScale() != null) {
            subresources.add("scale");
        }
        String singular = names.getSingular() == null || names.getSingular().isEmpty()
                ? names.getKind().toLowerCase(Locale.ROOT) : names.getSingular();
        return new ResourceType(group, v.getName(), names.getKind(), names.getPlural(), singular,
                "Namespaced".equals(crd.getSpec().getScope()), orEmpty(names.getShortNames()),
                orEmpty(names.getCategories()), subresources, ResourceType.ALL_VERBS,
                GenericKubernetesResource.class,
                "/registry/" + group + "/" + names.getPlural() + "/",
                names.getListKind() == null || names.getListKind().isEmpty()
                        ? names.getKind() + "List" : names.getListKind());
    }

    /** The version objects are stored at. */
    static String storageVersion(CustomResourceDefinition crd) {
        return crd.getSpec().getVersions().stream()
                .filter(v -> Boolean.TRUE.equals(v.getStorage())).findFirst()
                .or(() -> crd.getSpec().getVersions().stream().findFirst())
                .map(CustomResourceDefinitionVersion::getName).orElse("");
    }

    Set<String> selectableFields() {
        Set<String> out = new HashSet<>();
        for (SelectableField f : orEmpty(version.getSelectableFields())) {
            String p = f.getJsonPath();
            out.add(p.startsWith(".") ? p.substring(1) : p);
        }
        return out;
    }

    ScalePaths scalePaths() {
        CustomResourceSubresourceScale s = Optional.ofNullable(version.getSubresources())
                .map(r -> r.getScale()).orElse(null);
        if (s == null) {
            return ScalePaths.WORKLOADS;
        }
        return new ScalePaths(s.getSpecReplicasPath(), s.getStatusReplicasPath(),
                s.getLabelSelectorPath() == null ? "" : s.getLabelSelectorPath());
    }

    List<CustomResourceColumnDefinition> columns() {
        return orEmpty(version.getAdditionalPrinterColumns());
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
