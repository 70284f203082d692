package io.j8s.apiserver.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/** A certificate signed by the cluster CA and its key, PEM files on disk (the key mode 0600). */
public record CertificateFiles(Path certFile, Path keyFile) {
    /** Key managers that present this certificate, for a JDK TLS client. */
    public KeyManager[] keyManagers() {
        try {
            CertifiedKey pair = PemFiles.read(certFile, keyFile);
            char[] none = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", pair.key(), none,
                    new Certificate[] {pair.certificate()});
            KeyManagerFactory f = KeyManagerFactory.getInstance(
                    KeyManagerFactory.getDefaultAlgorithm());
            f.init(store, none);
            return f.getKeyManagers();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + certFile + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use " + certFile + ": " + e.getMessage(), e);
        }
    }
}
