package io.j8s.api.validation;

import io.fabric8.kubernetes.api.model.StatusCause;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** {@code metadata.annotations} as upstream's {@code ValidateAnnotations} checks them. */
public final class AnnotationValidation {
    /** Upstream's limit on the summed size of all annotation keys and values: 256 KiB. */
    public static final int TOTAL_SIZE_LIMIT_BYTES = 256 * 1024;

    private AnnotationValidation() {}

    /** Keys are qualified names, case aside; keys and values together at most 256 KiB. */
    public static List<StatusCause> validate(Map<String, String> annotations, FieldPath path) {
        List<StatusCause> causes = new ArrayList<>();
        if (annotations == null) {
            return causes;
        }
        long total = 0;
        for (Map.Entry<String, String> e : new TreeMap<>(annotations).entrySet()) {
            for (String msg : LabelFormats.qualifiedName(e.getKey().toLowerCase(Locale.ROOT))) {
                causes.add(Causes.invalid(path, e.getKey(), msg));
            }
            String value = e.getValue() == null ? "" : e.getValue();
            total += NameFormats.byteLength(e.getKey()) + NameFormats.byteLength(value);
        }
        if (total > TOTAL_SIZE_LIMIT_BYTES) {
            causes.add(Causes.tooLong(path, TOTAL_SIZE_LIMIT_BYTES));
        }
        return causes;
    }
}
