package io.j8s.api.validation;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.StatusCause;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Labels and label selectors in objects (upstream's {@code ValidateLabels},
 * {@code ValidateLabelName} and {@code ValidateLabelSelector}). Maps are checked in key order so
 * that the causes come out the same every time.
 */
public final class LabelValidation {

    private LabelValidation() {}

    public static List<StatusCause> validateLabels(Map<String, String> labels, FieldPath path) {
        List<StatusCause> causes = new ArrayList<>();
        if (labels == null) {
            return causes;
        }
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            causes.addAll(validateLabelName(e.getKey(), path));
            String value = e.getValue() == null ? "" : e.getValue();
            for (String msg : LabelFormats.labelValue(value)) {
                causes.add(Causes.invalid(path, value, msg));
            }
        }
        return causes;
    }

    public static List<StatusCause> validateLabelName(String name, FieldPath path) {
        List<StatusCause> causes = new ArrayList<>();
        for (String msg : LabelFormats.qualifiedName(name == null ? "" : name)) {
            causes.add(Causes.invalid(path, name == null ? "" : name, msg));
        }
        return causes;
    }

    /** A {@code LabelSelector} field such as {@code spec.selector}; null is valid. */
    public static List<StatusCause> validateLabelSelector(LabelSelector selector, FieldPath path) {
        List<StatusCause> causes = new ArrayList<>();
        if (selector == null) {
            return causes;
        }
        causes.addAll(validateLabels(selector.getMatchLabels(), path.child("matchLabels")));
        List<LabelSelectorRequirement> exprs = selector.getMatchExpressions();
        for (int i = 0; exprs != null && i < exprs.size(); i++) {
            FieldPath at = path.child("matchExpressions").index(i);
            causes.addAll(validateRequirement(exprs.get(i), at));
        }
        return causes;
    }

    private static List<StatusCause> validateRequirement(LabelSelectorRequirement r,
            FieldPath path) {
        List<StatusCause> causes = new ArrayList<>();
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        String op = r.getOperator() == null ? "" : r.getOperator();
        switch (op) {
            case "In", "NotIn" -> {
                if (values.isEmpty()) {
                    causes.add(Causes.required(path.child("values"),
                            "must be specified when `operator` is 'In' or 'NotIn'"));
                }
            }
            case "Exists", "DoesNotExist" -> {
                if (!values.isEmpty()) {
                    causes.add(Causes.forbidden(path.child("values"),
                            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                }
            }
            default -> causes.add(Causes.invalid(path.child("operator"), op,
                    "not a valid selector operator"));
        }
        causes.addAll(validateLabelName(r.getKey(), path.child("key")));
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i) == null ? "" : values.get(i);
            for (String msg : LabelFormats.labelValue(v)) {
                causes.add(Causes.invalid(path.child("values").index(i), v, msg));
            }
        }
        return causes;
    }
}
