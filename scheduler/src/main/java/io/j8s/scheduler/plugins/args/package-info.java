/**
 * Reading a plugin's {@code pluginConfig[].args} strictly (unknown fields are errors) and the
 * field errors worded as upstream's {@code field.Error}, prefixed with the args kind
 * ({@code NodeResourcesFitArgs.scoringStrategy.type: Unsupported value: "X": ...}).
 */
package io.j8s.scheduler.plugins.args;
