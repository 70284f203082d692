package io.j8s.apiserver.openapi;

import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.catalogue.ResourceType;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names a fabric8 model class as upstream names its definition: {@code io.k8s.api.core.v1.Pod},
 * {@code io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta}, {@code io.k8s.api.apps.v1.Deployment}.
 *
 * <p>fabric8 keeps core/v1 and meta/v1 types in one package
 * ({@code io.fabric8.kubernetes.api.model}) and leaves the version out of some package names ({@code ...model.apps}); the meta/v1 names are
 * listed here and an unversioned package takes the version its catalogue kinds are served at.
 */
final class DefinitionNames {
    static final String FABRIC8 = "io.fabric8.kubernetes.api.model";
    static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    static final String RAW_EXTENSION = "io.k8s.apimachinery.pkg.runtime.RawExtension";

    /** The types of fabric8's core package that upstream keeps in apimachinery's meta/v1. */
    private static final Set<String> META_TYPES = Set.of("APIGroup", "APIGroupList", "APIResource",
            "APIResourceList", "APIVersions", "Condition", "CreateOptions", "DeleteOptions",
            "Duration", "FieldSelectorRequirement", "FieldsV1", "GetOptions",
            "GroupVersionForDiscovery", "LabelSelector", "LabelSelectorRequirement", "ListMeta",
            "ListOptions", "ManagedFieldsEntry", "MicroTime", "ObjectMeta", "OwnerReference",
            "Patch", "PatchOptions", "Preconditions", "RootPaths", "ServerAddressByClientCIDR", "Status",
            "StatusCause", "StatusDetails", "Time", "TypeMeta", "UpdateOptions", "WatchEvent");

    /** The kube-aggregator types fabric8 keeps in its core package. */
    private static final Set<String> AGGREGATOR_TYPES = Set.of("APIService", "APIServiceList",
            "APIServiceSpec", "APIServiceStatus", "APIServiceCondition", "ServiceReference");

    private static final Pattern VERSION = Pattern.compile("v\\d+((alpha|beta)\\d+)?");

    /** The version of each unversioned fabric8 package, learned from the catalogue. */
    private final Map<String, String> packageVersions = new HashMap<>();

    DefinitionNames(ResourceCatalogue catalogue) {
        for (ResourceType t : catalogue.all()) {
            packageVersions.putIfAbsent(t.type().getPackageName(), t.version());
        }
    }

    String of(Class<?> type) {
        String simple = type.getSimpleName();
        String pkg = type.getPackageName();
        if (pkg.equals(FABRIC8)) {
            if (simple.equals("Quantity")) {
                return QUANTITY;
            }
            if (simple.equals("IntOrString")) {
                return INT_OR_STRING;
            }
            if (META_TYPES.contains(simple)) {
                return META + simple;
            }
            if (AGGREGATOR_TYPES.contains(simple)) {
                return "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1." + simple;
            }
            return "io.k8s.api.core.v1." + simple;
        }
        if (!pkg.startsWith(FABRIC8 + ".")) {
            return type.getName();
        }
        String rest = pkg.substring(FABRIC8.length() + 1);
        if (rest.equals("runtime")) {
            return "io.k8s.apimachinery.pkg.runtime." + simple;
        }
        if (rest.equals("version")) {
            return "io.k8s.apimachinery.pkg.version." + simple;
        }
        int dot = rest.lastIndexOf('.');
        String last = rest.substring(dot + 1);
        String group;
        String version;
        if (dot > 0 && VERSION.matcher(last).matches()) {
            group = rest.substring(0, dot);
            version = last;
        } else {
            group = rest;
            version = packageVersions.getOrDefault(pkg, "v1");
        }
        if (group.equals("apiextensions")) {
            return "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions." + version + "."
                    + simple;
        }
        return "io.k8s.api." + group + "." + version + "." + simple;
    }

    /** {@code Pod} of {@code io.k8s.api.core.v1.Pod}. */
    static String simpleName(String definition) {
        return definition.substring(definition.lastIndexOf('.') + 1);
    }
}
