package io.j8s.scheduler.framework;

/**
 * A scheduler plugin: a name (the one the configuration and the registry use) and the extension
 * point interfaces it implements, as upstream's {@code var _ framework.FilterPlugin = ...}.
 */
public interface Plugin {
    String name();
}
