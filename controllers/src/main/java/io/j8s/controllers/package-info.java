/**
 * The controllers of the controller manager, one package each. Every controller is an informer, a
 * work queue and a sync function over a key; it reaches the cluster only through the fabric8
 * client it is given, with the controller manager's identity. Depends on api and the client only.
 */
package io.j8s.controllers;
