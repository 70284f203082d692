package io.j8s.bench;

import io.j8s.apiserver.authn.Authenticator;
import io.j8s.apiserver.pki.ClientCredentials;
import io.j8s.apiserver.pki.ClusterPki;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for a benchmark's API server as {@code j8s server} sets it up: a cluster CA and serving
 * certificate for 127.0.0.1, client certificates checked against the CA, and the admin's client
 * certificate ({@code system:admin} in {@code system:masters}) for the benchmark's clients, so that
 * every request pays for TLS and x509 authentication as a real client's does.
 */
final class AdminTls {
    private final ClusterPki pki;
    private final ClientCredentials admin;

    private AdminTls(ClusterPki pki, ClientCredentials admin) {
        this.pki = pki;
        this.admin = admin;
    }

    /** A new CA, serving and admin certificate in {@code dir}. */
    static AdminTls create(Path dir) {
        ClusterPki pki = ClusterPki.loadOrCreate(dir.resolve("tls"), List.of("localhost"),
                List.of("127.0.0.1"));
        return new AdminTls(pki, pki.clientCredentials("system:admin", List.of("system:masters")));
    }

    /** The server side: HTTPS, a client certificate asked for and checked against the CA. */
    HttpServerOptions serverOptions() {
        return new HttpServerOptions()
                .setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(pki.servingCertFile().toString())
                        .setKeyPath(pki.servingKeyFile().toString()))
                .setTrustOptions(new PemTrustOptions().addCertPath(pki.caCertFile().toString()))
                .setClientAuth(ClientAuth.REQUEST);
    }

    Authenticator authenticator() {
        return Authenticator.x509(pki.caCertificate());
    }

    /** For Vert.x clients: the admin's certificate, and only the cluster CA trusted. */
    HttpClientOptions applyTo(HttpClientOptions options) {
        return options.setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(admin.certFile().toString())
                        .setKeyPath(admin.keyFile().toString()))
                .setTrustOptions(new PemTrustOptions().addCertPath(pki.caCertFile().toString()));
    }

    /** For the JDK's HTTP client: the admin's certificate, and only the cluster CA trusted. */
    SSLContext sslContext() {
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            Certificate ca;
            Certificate cert;
            try (var in = Files.newInputStream(pki.caCertFile())) {
                ca = x509.generateCertificate(in);
            }
            try (var in = Files.newInputStream(admin.certFile())) {
                cert = x509.generateCertificate(in);
            }
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(pemBody(admin.keyFile())));
            char[] none = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("admin", key, none, new Certificate[] {cert});
            KeyManagerFactory km = KeyManagerFactory.getInstance(
                    KeyManagerFactory.getDefaultAlgorithm());
            km.init(keys, none);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory tm = TrustManagerFactory.getInstance(
                    TrustManagerFactory.getDefaultAlgorithm());
            tm.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(km.getKeyManagers(), tm.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the admin's certificate: " + e.getMessage(),
                    e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the admin's certificate: " + e.getMessage(),
                    e);
        }
    }

    private static byte[] pemBody(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
