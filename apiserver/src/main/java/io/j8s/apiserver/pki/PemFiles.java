package io.j8s.apiserver.pki;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Certificates and keys as PEM files, the format kubectl, Go and Vert.x all read. Keys are written
 * as PKCS#8 ({@code BEGIN PRIVATE KEY}) with mode 0600; PKCS#1 and SEC1 keys are read as well.
 */
final class PemFiles {
    private PemFiles() {}

    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    static String pem(X509Certificate certificate) {
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode certificate", e);
        }
    }

    static String pem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    static void write(Path certFile, Path keyFile, CertifiedKey pair) throws IOException {
        AtomicFiles.write(keyFile, pem(pair.key()).getBytes(StandardCharsets.US_ASCII),
                AtomicFiles.OWNER_ONLY);
        AtomicFiles.write(certFile, pem(pair.certificate()).getBytes(StandardCharsets.US_ASCII),
                AtomicFiles.WORLD_READABLE);
    }

    /** The pair on disk, or an exception saying which file is unreadable and why. */
    static CertifiedKey read(Path certFile, Path keyFile) throws IOException {
        return new CertifiedKey(readCertificate(certFile), readKey(keyFile));
    }

    static X509Certificate readCertificate(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IOException(file + " holds no PEM certificate: " + e.getMessage(), e);
        }
    }

    static PrivateKey readKey(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            Object parsed = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (parsed instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (parsed instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException(file + " holds no PEM private key");
        } catch (RuntimeException e) {
            throw new IOException(file + " holds no readable private key: " + e.getMessage(), e);
        }
    }
}
