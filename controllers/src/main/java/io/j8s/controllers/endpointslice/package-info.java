/**
 * The EndpointSlice controller (slices of at most 100 endpoints per Service with a selector, from
 * its pods) and the EndpointSlice mirroring controller (slices mirroring hand-written Endpoints of
 * Services without one). Depends on the controllers' context and the client only.
 */
package io.j8s.controllers.endpointslice;
