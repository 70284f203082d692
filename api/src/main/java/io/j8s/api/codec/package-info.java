/** How objects become bytes and back: JSON for the wire and the store, YAML for people. */
package io.j8s.api.codec;
