/**
 * Recording core/v1 Events about objects, aggregated as upstream's correlator does. Depends on
 * the fabric8 client only.
 */
package io.j8s.componentbase.events;
