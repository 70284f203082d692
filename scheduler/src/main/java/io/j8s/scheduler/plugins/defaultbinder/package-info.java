/** The DefaultBinder: binds a pod by creating its Binding ({@code pods/binding}) through the API. */
package io.j8s.scheduler.plugins.defaultbinder;
