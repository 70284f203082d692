package io.j8s.apiserver.openapi;

/** One field of an object definition, by its JSON name, with upstream's description of it. */
record Property(String name, SchemaType type, MergeStrategy merge, String description) {

    Property(String name, SchemaType type, MergeStrategy merge) {
        this(name, type, merge, "");
    }
}
