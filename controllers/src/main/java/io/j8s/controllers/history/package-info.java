/**
 * What the StatefulSet and DaemonSet controllers share: ControllerRevisions (hash, name, listing
 * by owner, truncating history), claiming pods (adopt, release), label selector matching and pod
 * readiness as upstream reads it.
 * Depends on the fabric8 model and client only.
 */
package io.j8s.controllers.history;
