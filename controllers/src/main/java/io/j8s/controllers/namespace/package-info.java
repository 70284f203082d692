/**
 * The namespace controller: a namespace being deleted is emptied of every namespaced resource the
 * API's discovery lists, its conditions say what is left, and the {@code kubernetes} finalizer goes
 * through {@code namespaces/NAME/finalize}. Depends on the controllers' context and the client.
 */
package io.j8s.controllers.namespace;
