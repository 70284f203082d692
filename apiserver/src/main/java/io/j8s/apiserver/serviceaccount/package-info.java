/**
 * Service account tokens as upstream issues them: the signing key kept in the data directory,
 * TokenRequest ({@code serviceaccounts/NAME/token}) answering signed, optionally object-bound
 * JWTs, and the issuer discovery documents ({@code /.well-known/openid-configuration},
 * {@code /openid/v1/jwks}). The authenticator that accepts the tokens is in {@code authn}.
 */
package io.j8s.apiserver.serviceaccount;
