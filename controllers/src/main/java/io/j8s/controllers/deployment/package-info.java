/**
 * The Deployment controller: ReplicaSets per pod template (pod-template-hash), RollingUpdate and
 * Recreate rollouts, revisions and history, pause, proportional scaling, and the Progressing and
 * Available conditions, as upstream. Depends on api, the client and the ReplicaSet package's
 * pod states.
 */
package io.j8s.controllers.deployment;
