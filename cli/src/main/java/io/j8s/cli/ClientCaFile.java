package io.j8s.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Upstream's {@code --client-ca-file}: one or more PEM certificates of client CAs. */
final class ClientCaFile {
    private ClientCaFile() {}

    /** The certificates in {@code file}; refuses a missing, unreadable or empty one by name. */
    static List<X509Certificate> read(Path file) {
        List<X509Certificate> cas = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                if (c instanceof X509Certificate x) {
                    cas.add(x);
                }
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--client-ca-file " + file + " does not exist");
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("--client-ca-file " + file + " cannot be read: "
                    + e.getMessage());
        }
        if (cas.isEmpty()) {
            throw new IllegalArgumentException("--client-ca-file " + file
                    + " holds no PEM certificate");
        }
        return List.copyOf(cas);
    }
}
