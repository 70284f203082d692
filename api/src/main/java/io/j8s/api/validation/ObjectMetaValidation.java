package io.j8s.api.validation;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.StatusCause;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * {@code metadata} on create and update, as upstream's {@code ValidateObjectMeta} and
 * {@code ValidateObjectMetaUpdate} check it. Name generation must already have happened.
 */
public final class ObjectMetaValidation {
    public static final String FIELD_IMMUTABLE = "field is immutable";
    private static final FieldPath METADATA = FieldPath.of("metadata");

    private ObjectMetaValidation() {}

    public static List<StatusCause> validate(ObjectMeta meta, boolean namespaced, NameRule rule) {
        return validate(meta, namespaced, rule, METADATA);
    }

    public static List<StatusCause> validate(ObjectMeta meta, boolean namespaced, NameRule rule,
            FieldPath path) {
        List<StatusCause> causes = new ArrayList<>();
        String generateName = str(meta.getGenerateName());
        if (!generateName.isEmpty()) {
            for (String msg : rule.check(generateName, true)) {
                causes.add(Causes.invalid(path.child("generateName"), generateName, msg));
            }
        }
        String name = str(meta.getName());
        if (name.isEmpty()) {
            causes.add(Causes.required(path.child("name"), "name or generateName is required"));
        } else {
            for (String msg : rule.check(name, false)) {
                causes.add(Causes.invalid(path.child("name"), name, msg));
            }
        }
        String namespace = str(meta.getNamespace());
        if (namespaced) {
            if (namespace.isEmpty()) {
                causes.add(Causes.required(path.child("namespace"), ""));
            } else {
                for (String msg : NameRule.DNS1123_LABEL.check(namespace, false)) {
                    causes.add(Causes.invalid(path.child("namespace"), namespace, msg));
                }
            }
        } else if (!namespace.isEmpty()) {
            causes.add(Causes.forbidden(path.child("namespace"), "not allowed on this type"));
        }
        if (meta.getGeneration() != null && meta.getGeneration() < 0) {
            causes.add(Causes.invalid(path.child("generation"), meta.getGeneration(),
                    "must be greater than or equal to 0"));
        }
        causes.addAll(LabelValidation.validateLabels(meta.getLabels(), path.child("labels")));
        causes.addAll(AnnotationValidation.validate(meta.getAnnotations(),
                path.child("annotations")));
        causes.addAll(OwnerReferenceValidation.validate(meta.getOwnerReferences(),
                path.child("ownerReferences")));
        causes.addAll(validateFinalizers(meta.getFinalizers(), path.child("finalizers")));
        return causes;
    }

    /**
     * An update: name, namespace, uid, creation and deletion timestamps and grace period are
     * immutable, a resourceVersion is required (fill it in first for unconditional updates),
     * generation may not go back, no finalizer may be added once deletion started, and labels,
     * annotations and owner references must still be valid.
     */
    public static List<StatusCause> validateUpdate(ObjectMeta newMeta, ObjectMeta oldMeta) {
        return validateUpdate(newMeta, oldMeta, METADATA);
    }

    public static List<StatusCause> validateUpdate(ObjectMeta newMeta, ObjectMeta oldMeta,
            FieldPath path) {
        List<StatusCause> causes = new ArrayList<>();
        if (oldMeta.getDeletionTimestamp() != null) {
            List<String> added = new ArrayList<>(new TreeSet<>(list(newMeta.getFinalizers())));
            added.removeAll(list(oldMeta.getFinalizers()));
            if (!added.isEmpty()) {
                causes.add(Causes.forbidden(path.child("finalizers"), "no new finalizers can be "
                        + "added if the object is being deleted, found new finalizers "
                        + Causes.render(added)));
            }
        }
        if (str(newMeta.getResourceVersion()).isEmpty()) {
            causes.add(Causes.invalid(path.child("resourceVersion"), "",
                    "must be specified for an update"));
        }
        long newGeneration = newMeta.getGeneration() == null ? 0 : newMeta.getGeneration();
        long oldGeneration = oldMeta.getGeneration() == null ? 0 : oldMeta.getGeneration();
        if (newGeneration < oldGeneration) {
            causes.add(Causes.invalid(path.child("generation"), newGeneration,
                    "must not be decremented"));
        }
        immutable(causes, path.child("name"), str(newMeta.getName()), str(oldMeta.getName()));
        immutable(causes, path.child("namespace"), str(newMeta.getNamespace()),
                str(oldMeta.getNamespace()));
        immutable(causes, path.child("uid"), str(newMeta.getUid()), str(oldMeta.getUid()));
        GoTime newCreated = GoTime.of(newMeta.getCreationTimestamp());
        if (!newCreated.equals(GoTime.of(oldMeta.getCreationTimestamp()))) {
            causes.add(Causes.invalid(path.child("creationTimestamp"), newCreated.goValue(),
                    FIELD_IMMUTABLE));
        }
        String newDeleted = newMeta.getDeletionTimestamp();
        String oldDeleted = oldMeta.getDeletionTimestamp();
        if (newDeleted == null ? oldDeleted != null
                : oldDeleted == null || !GoTime.of(newDeleted).equals(GoTime.of(oldDeleted))) {
            causes.add(Causes.invalid(path.child("deletionTimestamp"),
                    newDeleted == null ? null : GoTime.of(newDeleted).goValue(), FIELD_IMMUTABLE));
        }
        Long newGrace = newMeta.getDeletionGracePeriodSeconds();
        if (!Objects.equals(newGrace, oldMeta.getDeletionGracePeriodSeconds())) {
            causes.add(Causes.invalid(path.child("deletionGracePeriodSeconds"), newGrace,
                    FIELD_IMMUTABLE));
        }
        causes.addAll(LabelValidation.validateLabels(newMeta.getLabels(), path.child("labels")));
        causes.addAll(AnnotationValidation.validate(newMeta.getAnnotations(),
                path.child("annotations")));
        causes.addAll(OwnerReferenceValidation.validate(newMeta.getOwnerReferences(),
                path.child("ownerReferences")));
        return causes;
    }

    /** Finalizers are qualified names; {@code orphan} and {@code foregroundDeletion} conflict. */
    public static List<StatusCause> validateFinalizers(List<String> finalizers, FieldPath path) {
        List<StatusCause> causes = new ArrayList<>();
        if (finalizers == null) {
            return causes;
        }
        for (String f : finalizers) {
            for (String msg : LabelFormats.qualifiedName(str(f))) {
                causes.add(Causes.invalid(path, str(f), msg));
            }
        }
        if (finalizers.contains("orphan") && finalizers.contains("foregroundDeletion")) {
            causes.add(Causes.invalid(path, finalizers,
                    "finalizer orphan and foregroundDeletion cannot be both set"));
        }
        return causes;
    }

    private static void immutable(List<StatusCause> causes, FieldPath path, String now,
            String was) {
        if (!now.equals(was)) {
            causes.add(Causes.invalid(path, now, FIELD_IMMUTABLE));
        }
    }

    private static List<String> list(List<String> l) {
        return l == null ? List.of() : l;
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }
}
