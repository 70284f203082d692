/**
 * Test doubles for calling plugins directly: a FrameworkHandle over a list of NodeInfos, and
 * builders of the nodes and pods the plugin tests use.
 */
package io.j8s.scheduler.plugins.fake;
