package io.j8s.apiserver.crd;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.j8s.api.catalogue.ResourceType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Upstream's naming controller: a definition's requested names are accepted when no other
 * definition of its group (by its accepted names) and no built-in resource of the group uses
 * them; otherwise the reason names the first clash.
 *
 * @param reason {@code NoConflicts}, or {@code PluralConflict}, {@code SingularConflict},
 *     {@code ShortNamesConflict}, {@code KindConflict}, {@code ListKindConflict}
 */
record NameAcceptance(boolean accepted, String reason, String message) {

    static NameAcceptance of(CustomResourceDefinition crd, List<CustomResourceDefinition> others,
            List<ResourceType> builtIn) {
        String group = crd.getSpec().getGroup();
        CustomResourceDefinitionNames wanted = crd.getSpec().getNames();
        Set<String> plurals = new HashSet<>();
        Set<String> singulars = new HashSet<>();
        Set<String> shortNames = new HashSet<>();
        Set<String> kinds = new HashSet<>();
        Set<String> listKinds = new HashSet<>();
        for (CustomResourceDefinition other : others) {
            if (other.getMetadata().getName().equals(crd.getMetadata().getName())
                    || !group.equals(other.getSpec().getGroup()) || other.getStatus() == null
                    || other.getStatus().getAcceptedNames() == null) {
                continue;
            }
            CustomResourceDefinitionNames n = other.getStatus().getAcceptedNames();
            add(plurals, n.getPlural());
            add(singulars, n.getSingular());
            ServedVersion.orEmpty(n.getShortNames()).forEach(s -> add(shortNames, s));
            add(kinds, n.getKind());
            add(listKinds, n.getListKind());
        }
        for (ResourceType t : builtIn) {
            if (t.group().equals(group)) {
                plurals.add(t.plural());
                singulars.add(t.singular());
                shortNames.addAll(t.shortNames());
                kinds.add(t.kind());
                listKinds.add(t.listKind());
            }
        }
        if (plurals.contains(wanted.getPlural())) {
            return clash("PluralConflict", wanted.getPlural());
        }
        if (wanted.getSingular() != null && singulars.contains(wanted.getSingular())) {
            return clash("SingularConflict", wanted.getSingular());
        }
        for (String s : ServedVersion.orEmpty(wanted.getShortNames())) {
            if (shortNames.contains(s)) {
                return clash("ShortNamesConflict", s);
            }
        }
        if (kinds.contains(wanted.getKind())) {
            return clash("KindConflict", wanted.getKind());
        }
        if (wanted.getListKind() != null && listKinds.contains(wanted.getListKind())) {
            return clash("ListKindConflict", wanted.getListKind());
        }
        return new NameAcceptance(true, "NoConflicts", "no conflicts found");
    }

    private static NameAcceptance clash(String reason, String name) {
        return new NameAcceptance(false, reason, "\"" + name + "\" is already in use");
    }

    private static void add(Set<String> set, String value) {
        if (value != null && !value.isEmpty()) {
            set.add(value);
        }
    }
}
