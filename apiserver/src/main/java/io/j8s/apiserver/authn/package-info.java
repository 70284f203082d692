/**
 * Who is calling and what they may do: authenticators (x509 client certificates, a static token
 * file, a union of both) that turn a request's credentials into a {@link UserInfo}, and the
 * bootstrap authorizer. Depends only on the JDK and BouncyCastle.
 */
package io.j8s.apiserver.authn;
