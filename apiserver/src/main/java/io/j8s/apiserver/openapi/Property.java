package io.j8s.apiserver.openapi;

/** One field of an object definition, by its JSON name. */
record Property(String name, SchemaType type, MergeStrategy merge) {}
