/**
 * Secrets at rest: upstream's {@code --encryption-provider-config} (an apiserver.config.k8s.io/v1
 * EncryptionConfiguration) read by {@link io.j8s.apiserver.encryption.EncryptionConfiguration},
 * and a store that encrypts the values of the configured resources on write and decrypts on read
 * ({@link io.j8s.apiserver.encryption.EncryptingStore}), whatever the backend.
 */
package io.j8s.apiserver.encryption;
