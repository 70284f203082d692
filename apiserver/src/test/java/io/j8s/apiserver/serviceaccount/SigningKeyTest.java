package io.j8s.apiserver.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key files a cluster signs and verifies service account tokens with, in the formats upstream takes. */
class SigningKeyTest {
    @TempDir
    Path dir;

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static KeyPair pair(String algorithm, Object spec) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (spec instanceof Integer bits) {
            generator.initialize(bits);
        } else {
            generator.initialize((ECGenParameterSpec) spec);
        }
        return generator.generateKeyPair();
    }

    @Test
    void aMissingKeyIsCreatedAsAnOwnerOnlyP256KeyThatOpensslAndTheNextStartRead() throws Exception {
        Path file = dir.resolve("tls/sa.key");
        SigningKey created = SigningKey.loadOrCreate(file);
        assertThat(created.algorithm().getName()).isEqualTo("ES256");
        assertThat(Files.readString(file)).startsWith("-----BEGIN EC PRIVATE KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        SigningKey again = SigningKey.loadOrCreate(file);
        assertThat(again.keyId()).isEqualTo(created.keyId());
        assertThat(again.publicKey()).isEqualTo(created.publicKey());
        assertThat(SigningKey.verificationKeys(file)).containsExactly(created.publicKey());
    }

    @Test
    void rsaAndEcdsaKeysInPkcs8SignWithTheirAlgorithmAndYieldTheirPublicHalf() throws Exception {
        KeyPair rsa = pair("RSA", 2048);
        Path rsaFile = Files.writeString(dir.resolve("rsa.key"), pem("PRIVATE KEY", rsa.getPrivate().getEncoded()));
        assertThat(SigningKey.loadOrCreate(rsaFile).algorithm().getName()).isEqualTo("RS256");
        assertThat(SigningKey.loadOrCreate(rsaFile).publicKey()).isEqualTo(rsa.getPublic());

        // The JDK's PKCS#8 EC encoding carries no public point: it is derived from the private scalar.
        KeyPair p384 = pair("EC", new ECGenParameterSpec("secp384r1"));
        Path ecFile = Files.writeString(dir.resolve("ec.key"), pem("PRIVATE KEY", p384.getPrivate().getEncoded()));
        SigningKey ec = SigningKey.loadOrCreate(ecFile);
        assertThat(ec.algorithm().getName()).isEqualTo("ES384");
        assertThat(ec.publicKey()).isEqualTo(p384.getPublic());
        assertThat(SigningKey.verificationKeys(ecFile)).containsExactly(p384.getPublic());
    }

    @Test
    void aKeyFileMayListSeveralPublicKeys() throws Exception {
        KeyPair a = pair("RSA", 2048);
        KeyPair b = pair("EC", new ECGenParameterSpec("secp256r1"));
        Path file = Files.writeString(dir.resolve("keys.pem"),
                pem("PUBLIC KEY", a.getPublic().getEncoded()) + pem("PUBLIC KEY", b.getPublic().getEncoded()));
        assertThat(SigningKey.verificationKeys(file)).containsExactly(a.getPublic(), b.getPublic());
    }

    @Test
    void aFileWithoutAUsableKeyIsRefusedNamingIt() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a key\n");
        assertThatThrownBy(() -> SigningKey.verificationKeys(empty))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(empty.toString());
        assertThatThrownBy(() -> SigningKey.loadOrCreate(empty))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(empty.toString());
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path edFile = Files.writeString(dir.resolve("ed.pem"), pem("PUBLIC KEY", ed.getPublic().getEncoded()));
        assertThatThrownBy(() -> SigningKey.verificationKeys(edFile))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use RSA or ECDSA");
    }
}
