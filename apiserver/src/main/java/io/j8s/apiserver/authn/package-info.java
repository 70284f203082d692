/**
 * Who is calling and what they may do: authenticators (x509 client certificates, a static token
 * file, bootstrap tokens, a union of them) that turn a request's credentials into a
 * {@link UserInfo}, and the bootstrap authorizer. Depends on the JDK, BouncyCastle, and the store
 * (for the Secrets behind bootstrap tokens).
 */
package io.j8s.apiserver.authn;
