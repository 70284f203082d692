/**
 * The in-tree plugins, one package each, and {@link io.j8s.scheduler.plugins.InTreePlugins}, the
 * registry that names them. A plugin depends on {@code io.j8s.scheduler.framework} only.
 */
package io.j8s.scheduler.plugins;
