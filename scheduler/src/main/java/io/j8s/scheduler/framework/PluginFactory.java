package io.j8s.scheduler.framework;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Makes a plugin for one profile from its {@code pluginConfig[].args} (null when the
 * configuration gives none: the plugin's defaults apply).
 */
@FunctionalInterface
public interface PluginFactory {
    /**
     * @throws IllegalArgumentException naming the field when the args are invalid, e.g.
     *     "NodeResourcesFitArgs.scoringStrategy.type: unsupported value \"X\""
     */
    Plugin create(JsonNode args, FrameworkHandle handle);
}
