/**
 * The generic registry: one {@link io.j8s.apiserver.registry.Registry} per resource turns API
 * verbs into guarded store operations, with a small {@link io.j8s.apiserver.registry.Strategy}
 * per kind for defaulting, validation and status handling. Depends on api and store.
 */
package io.j8s.apiserver.registry;
