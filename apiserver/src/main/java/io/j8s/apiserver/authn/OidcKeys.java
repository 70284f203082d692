package io.j8s.apiserver.authn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An OIDC issuer's signing keys: its discovery document ({@code ISSUER/.well-known/openid-configuration})
 * names its {@code jwks_uri}, both fetched over HTTPS, trusting {@code --oidc-ca-file} when given
 * (else the JDK's CAs). The discovery document must name the same issuer.
 */
final class OidcKeys {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String issuerUrl;
    private final HttpClient http;

    OidcKeys(String issuerUrl, Path caFile) {
        this.issuerUrl = issuerUrl;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (caFile != null) {
            builder.sslContext(trusting(caFile));
        }
        this.http = builder.build();
    }

    JWKSet fetch() throws IOException, InterruptedException, java.text.ParseException {
        String base = issuerUrl.endsWith("/") ? issuerUrl.substring(0, issuerUrl.length() - 1)
                : issuerUrl;
        JsonNode discovery = JSON.readTree(get(base + "/.well-known/openid-configuration"));
        if (!issuerUrl.equals(discovery.path("issuer").asText())) {
            throw new IOException("the OIDC discovery document names issuer \""
                    + discovery.path("issuer").asText() + "\", not " + issuerUrl);
        }
        return JWKSet.parse(get(discovery.path("jwks_uri").asText()));
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + url + ": HTTP " + r.statusCode());
        }
        return r.body();
    }

    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, (X509Certificate) c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(
                    TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("--oidc-ca-file " + caFile + ": " + e.getMessage(), e);
        }
    }
}
