package io.j8s.apiserver.openapi;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A path or query parameter of an operation.
 *
 * @param in {@code path} or {@code query}
 * @param type {@code string}, {@code integer} or {@code boolean}
 */
record Parameter(String name, String in, String type, boolean required, String description) {

    static Parameter path(String name, String description) {
        return new Parameter(name, "path", "string", true, description);
    }

    static Parameter query(String name, String type, String description) {
        return new Parameter(name, "query", type, false, description);
    }

    static final Parameter PRETTY = query("pretty", "string",
            "If 'true', then the output is pretty printed.");
    static final Parameter NAMESPACE = path("namespace",
            "object name and auth scope, such as for teams and projects");

    static final Parameter DRY_RUN = query("dryRun", "string",
            "When present, indicates that modifications should not be persisted. The only valid"
                    + " value is All.");
    static final Parameter FIELD_MANAGER = query("fieldManager", "string",
            "A name associated with the actor or entity that is making these changes.");
    static final Parameter FIELD_VALIDATION = query("fieldValidation", "string",
            "How the server handles unknown or duplicate fields in the body: Ignore, Warn or"
                    + " Strict.");
    static final Parameter FORCE = query("force", "boolean",
            "Force is going to \"force\" Apply requests.");

    static final Parameter GRACE_PERIOD_SECONDS = query("gracePeriodSeconds", "integer",
            "The duration in seconds before the object should be deleted.");
    static final Parameter ORPHAN_DEPENDENTS = query("orphanDependents", "boolean",
            "Deprecated: use propagationPolicy. Whether dependents are orphaned.");
    static final Parameter PROPAGATION_POLICY = query("propagationPolicy", "string",
            "Whether and how garbage collection is performed: Orphan, Background or Foreground.");

    /** What picks the objects of a list or a collection delete. */
    static final List<Parameter> SELECT = List.of(
            query("continue", "string",
                    "The continue token of a previous list call, to fetch the next page."),
            query("fieldSelector", "string",
                    "A selector to restrict the list of returned objects by their fields."),
            query("labelSelector", "string",
                    "A selector to restrict the list of returned objects by their labels."),
            query("limit", "integer", "The maximum number of responses to return."),
            query("resourceVersion", "string",
                    "Constrains which resource versions the request may be served from."),
            query("resourceVersionMatch", "string",
                    "How resourceVersion is applied to list calls: Exact or NotOlderThan."),
            query("timeoutSeconds", "integer",
                    "Timeout for the list/watch call, regardless of any activity."));

    /** What a list (and watch) understands. */
    static final List<Parameter> LIST = Stream.concat(Stream.of(
            query("allowWatchBookmarks", "boolean", "Requests watch events with type BOOKMARK."),
            query("watch", "boolean", "Watch for changes to the described resources and return"
                    + " them as a stream of add, update, and remove notifications.")),
            SELECT.stream()).sorted(Comparator.comparing(Parameter::name)).toList();

    static final List<Parameter> WRITE = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION);
    static final List<Parameter> PATCH = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE);
    static final List<Parameter> DELETE = List.of(DRY_RUN, GRACE_PERIOD_SECONDS,
            ORPHAN_DEPENDENTS, PROPAGATION_POLICY);
}
