package io.j8s.api.validation;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.StatusCause;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code metadata.ownerReferences} as upstream's {@code ValidateOwnerReferences} checks them:
 * apiVersion (with a version), kind, name and uid present; no Event as an owner; at most one
 * controller. Like upstream, the causes point at the list, not at an index.
 */
public final class OwnerReferenceValidation {

    private OwnerReferenceValidation() {}

    public static List<StatusCause> validate(List<OwnerReference> refs, FieldPath path) {
        List<StatusCause> causes = new ArrayList<>();
        if (refs == null) {
            return causes;
        }
        String firstController = "";
        for (OwnerReference ref : refs) {
            causes.addAll(validateOne(ref, path));
            if (Boolean.TRUE.equals(ref.getController())) {
                String current = str(ref.getKind()) + "/" + str(ref.getName());
                if (!firstController.isEmpty()) {
                    causes.add(Causes.invalid(path, new Causes.GoValue(literal(refs)),
                            "Only one reference can have Controller set to true. Found \"true\" "
                                    + "in references for " + firstController + " and " + current));
                } else {
                    firstController = current;
                }
            }
        }
        return causes;
    }

    private static List<StatusCause> validateOne(OwnerReference ref, FieldPath path) {
        List<StatusCause> causes = new ArrayList<>();
        String apiVersion = str(ref.getApiVersion());
        String[] gv = groupVersion(apiVersion);
        if (gv[1].isEmpty()) {
            causes.add(Causes.invalid(path.child("apiVersion"), apiVersion,
                    "version must not be empty"));
        }
        if (str(ref.getKind()).isEmpty()) {
            causes.add(Causes.invalid(path.child("kind"), "", "kind must not be empty"));
        }
        if (str(ref.getName()).isEmpty()) {
            causes.add(Causes.invalid(path.child("name"), "", "name must not be empty"));
        }
        if (str(ref.getUid()).isEmpty()) {
            causes.add(Causes.invalid(path.child("uid"), "", "uid must not be empty"));
        }
        if (gv[0].isEmpty() && gv[1].equals("v1") && str(ref.getKind()).equals("Event")) {
            causes.add(Causes.invalid(path, new Causes.GoValue(literal(ref)),
                    "/v1, Kind=Event is disallowed from being an owner"));
        }
        return causes;
    }

    /** Upstream's {@code schema.ParseGroupVersion}: {group, version}; both empty if unparseable. */
    static String[] groupVersion(String apiVersion) {
        if (apiVersion.isEmpty() || apiVersion.equals("/")) {
            return new String[] {"", ""};
        }
        int slash = apiVersion.indexOf('/');
        if (slash < 0) {
            return new String[] {"", apiVersion};
        }
        if (apiVersion.indexOf('/', slash + 1) >= 0) {
            return new String[] {"", ""};
        }
        return new String[] {apiVersion.substring(0, slash), apiVersion.substring(slash + 1)};
    }

    /** Go's {@code %#v} of the references (pointers shown by value, not by address). */
    private static String literal(List<OwnerReference> refs) {
        StringBuilder b = new StringBuilder("[]v1.OwnerReference{");
        for (int i = 0; i < refs.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(literal(refs.get(i)));
        }
        return b.append('}').toString();
    }

    private static String literal(OwnerReference ref) {
        return "v1.OwnerReference{APIVersion:" + GoQuote.quote(str(ref.getApiVersion()))
                + ", Kind:" + GoQuote.quote(str(ref.getKind()))
                + ", Name:" + GoQuote.quote(str(ref.getName()))
                + ", UID:" + GoQuote.quote(str(ref.getUid()))
                + ", Controller:" + pointer(ref.getController())
                + ", BlockOwnerDeletion:" + pointer(ref.getBlockOwnerDeletion()) + "}";
    }

    private static String pointer(Boolean b) {
        return "(*bool)(" + (b == null ? "nil" : b.toString()) + ")";
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }
}
