/**
 * The endpoints controller: the core/v1 Endpoints of every Service with a selector, from the pods
 * it selects and their readiness. Depends on the controllers' context and the client only.
 */
package io.j8s.controllers.endpoints;
