package io.j8s.apiserver.fields;

/**
 * One entry of {@code metadata.managedFields}: a manager, what it did (Apply or Update), at which
 * apiVersion and time (RFC 3339), on which subresource (empty: the object), and the fields it owns.
 */
public record ManagedFieldsEntry(String manager, String operation, String apiVersion,
        String subresource, String time, FieldSet fields) {
    /** True when both entries are the same manager as upstream identifies one. */
    boolean sameManager(ManagedFieldsEntry o) {
        return manager.equals(o.manager) && operation.equals(o.operation)
                && subresource.equals(o.subresource)
                && (operation.equals(ManagedFields.APPLY) || apiVersion.equals(o.apiVersion));
    }

    ManagedFieldsEntry with(FieldSet f, String t) {
        return new ManagedFieldsEntry(manager, operation, apiVersion, subresource, t, f);
    }
}
