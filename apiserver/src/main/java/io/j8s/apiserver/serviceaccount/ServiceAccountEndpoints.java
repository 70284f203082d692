package io.j8s.apiserver.serviceaccount;

/**
 * What the request path serves for service accounts: TokenRequest and the issuer discovery
 * documents.
 */
public record ServiceAccountEndpoints(TokenRequests tokenRequests, IssuerDiscovery discovery) {}
