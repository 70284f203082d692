/**
 * Upstream's RBAC and Node authorizers: roles and bindings kept in memory by a watch, decisions
 * cached until they change, escalation prevention, the bootstrap policy, the node graph and
 * NodeRestriction. Built from {@code --authorization-mode} by {@link Authorization}.
 */
package io.j8s.apiserver.rbac;
