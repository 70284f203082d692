/**
 * Tables: the {@code meta.k8s.io/v1 Table} that {@code kubectl get} asks for, with upstream's
 * printer columns for every built-in kind ({@link io.j8s.apiserver.table.TableConverter} is the
 * entry point; one printer file per kind family behind it). Depends on {@code io.j8s.api} and the
 * fabric8 model only.
 */
package io.j8s.apiserver.table;
