package io.j8s.apiserver.encryption;

/**
 * One provider of an EncryptionConfiguration with one key: what it writes starts with
 * {@link #prefix()} (upstream's {@code k8s:enc:aescbc:v1:KEYNAME:}; empty for identity).
 */
interface Transformer {
    String prefix();

    /** The stored form of {@code plain}; {@code key} is the store key (aesgcm authenticates it). */
    byte[] seal(byte[] plain, String key);

    /** The plain value of {@code sealed}, which has the prefix already removed. */
    byte[] open(byte[] sealed, String key);
}
