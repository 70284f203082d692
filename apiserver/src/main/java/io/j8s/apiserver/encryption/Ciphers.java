package io.j8s.apiserver.encryption;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * Upstream's value formats: aescbc is a 16-byte IV then AES-CBC with PKCS#7 padding; aesgcm a
 * 12-byte nonce then AES-GCM sealing the value with the store key as additional data; secretbox
 * a 24-byte nonce then NaCl's secretbox (XSalsa20-Poly1305: the tag, then the ciphertext).
 */
final class Ciphers {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ciphers() {}

    static Transformer identity() {
        return new Transformer() {
            @Override
            public String prefix() {
                return "";
            }

            @Override
            public byte[] seal(byte[] plain, String key) {
                return plain;
            }

            @Override
            public byte[] open(byte[] sealed, String key) {
                return sealed;
            }
        };
    }

    static Transformer of(String provider, String keyName, byte[] secret) {
        String prefix = "k8s:enc:" + provider + ":v1:" + keyName + ":";
        return switch (provider) {
            case "aescbc" -> new Fixed(prefix, 16) {
                @Override
                byte[] crypt(int mode, byte[] nonce, byte[] data, String key)
                        throws GeneralSecurityException {
                    Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
                    c.init(mode, new SecretKeySpec(secret, "AES"), new IvParameterSpec(nonce));
                    return c.doFinal(data);
                }
            };
            case "aesgcm" -> new Fixed(prefix, 12) {
                @Override
                byte[] crypt(int mode, byte[] nonce, byte[] data, String key)
                        throws GeneralSecurityException {
                    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                    c.init(mode, new SecretKeySpec(secret, "AES"), new GCMParameterSpec(128, nonce));
                    c.updateAAD(key.getBytes(StandardCharsets.UTF_8));
                    return c.doFinal(data);
                }
            };
            case "secretbox" -> new Fixed(prefix, 24) {
                @Override
                byte[] crypt(int mode, byte[] nonce, byte[] data, String key)
                        throws GeneralSecurityException {
                    return mode == Cipher.ENCRYPT_MODE ? box(secret, nonce, data)
                            : unbox(secret, nonce, data);
                }
            };
            default -> throw new IllegalArgumentException("unknown provider " + provider);
        };
    }

    /** A cipher whose stored form is a random nonce of {@code nonceSize} bytes, then its output. */
    private abstract static class Fixed implements Transformer {
        private final String prefix;
        private final int nonceSize;

        Fixed(String prefix, int nonceSize) {
            this.prefix = prefix;
            this.nonceSize = nonceSize;
        }

        abstract byte[] crypt(int mode, byte[] nonce, byte[] data, String key)
                throws GeneralSecurityException;

        @Override
        public String prefix() {
            return prefix;
        }

        @Override
        public byte[] seal(byte[] plain, String key) {
            byte[] nonce = new byte[nonceSize];
            RANDOM.nextBytes(nonce);
            try {
                byte[] out = crypt(Cipher.ENCRYPT_MODE, nonce, plain, key);
                byte[] all = Arrays.copyOf(nonce, nonceSize + out.length);
                System.arraycopy(out, 0, all, nonceSize, out.length);
                return all;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot encrypt with " + prefix, e);
            }
        }

        @Override
        public byte[] open(byte[] sealed, String key) {
            if (sealed.length < nonceSize) {
                throw new IllegalStateException("the data is too short for " + prefix);
            }
            try {
                return crypt(Cipher.DECRYPT_MODE, Arrays.copyOf(sealed, nonceSize),
                        Arrays.copyOfRange(sealed, nonceSize, sealed.length), key);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot decrypt with " + prefix + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** NaCl secretbox: the first 32 bytes of the XSalsa20 stream key Poly1305; tag, ciphertext. */
    private static byte[] box(byte[] key, byte[] nonce, byte[] plain) {
        XSalsa20Engine salsa = new XSalsa20Engine();
        salsa.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] macKey = new byte[32];
        salsa.processBytes(new byte[32], 0, 32, macKey, 0);
        byte[] out = new byte[16 + plain.length];
        salsa.processBytes(plain, 0, plain.length, out, 16);
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(macKey));
        mac.update(out, 16, plain.length);
        mac.doFinal(out, 0);
        return out;
    }

    private static byte[] unbox(byte[] key, byte[] nonce, byte[] boxed)
            throws GeneralSecurityException {
        if (boxed.length < 16) {
            throw new GeneralSecurityException("the box is shorter than its tag");
        }
        XSalsa20Engine salsa = new XSalsa20Engine();
        salsa.init(false, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] macKey = new byte[32];
        salsa.processBytes(new byte[32], 0, 32, macKey, 0);
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(macKey));
        mac.update(boxed, 16, boxed.length - 16);
        byte[] tag = new byte[16];
        mac.doFinal(tag, 0);
        if (!java.security.MessageDigest.isEqual(tag, Arrays.copyOf(boxed, 16))) {
            throw new GeneralSecurityException("message authentication failed");
        }
        byte[] plain = new byte[boxed.length - 16];
        salsa.processBytes(boxed, 16, plain.length, plain, 0);
        return plain;
    }
}
