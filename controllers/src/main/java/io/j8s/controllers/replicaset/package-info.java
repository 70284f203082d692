/**
 * The ReplicaSet and ReplicationController controllers: one engine that keeps the number of pods
 * matching an owner's selector at its replicas (expectations, slow-start creation, adoption and
 * release, upstream's deletion ranking), and a small adapter per kind. Depends on api and the client.
 */
package io.j8s.controllers.replicaset;
