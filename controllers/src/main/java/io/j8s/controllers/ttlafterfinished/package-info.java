/**
 * Upstream's TTL-after-finished controller: a finished Job with {@code ttlSecondsAfterFinished}
 * is deleted once that long has passed since it finished. Depends on the controllers' contract
 * and the client.
 */
package io.j8s.controllers.ttlafterfinished;
