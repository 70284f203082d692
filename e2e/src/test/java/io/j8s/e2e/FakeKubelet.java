package io.j8s.e2e;

import io.j8s.e2e.streaming.StreamingServer;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A kubelet that only serves the streaming endpoints, on 127.0.0.1 and a free port, for a running
 * j8s server: its serving certificate is signed by the cluster CA read from the server's data
 * directory, and it asks for a client certificate from that CA, as a kubelet does of the API
 * server. Behind it a {@link FakeContainerRuntime}, whose forwarded ports reach a TCP echo server.
 */
final class FakeKubelet implements AutoCloseable {
    private final ServerSocket echo;
    private final FakeContainerRuntime runtime;
    private final StreamingServer server;

    private FakeKubelet(ServerSocket echo, FakeContainerRuntime runtime, StreamingServer server) {
        this.echo = echo;
        this.runtime = runtime;
        this.server = server;
    }

    /** Starts with the CA in {@code dataDir}/server/tls. */
    static FakeKubelet start(Path dataDir) throws Exception {
        Path tls = dataDir.resolve("server").resolve("tls");
        X509Certificate ca = readCertificate(tls.resolve("ca.crt"));
        PrivateKey caKey = readKey(tls.resolve("ca.key"));
        KeyPair keys = KeyPairGenerator.getInstance("EC").genKeyPair();
        X509Certificate serving = issueServing(ca, caKey, keys);
        SslContext ssl = SslContextBuilder.forServer(keys.getPrivate(), serving, ca)
                .trustManager(ca).clientAuth(ClientAuth.REQUIRE).build();
        ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("echo-accept").start(() -> acceptEchoes(echo));
        FakeContainerRuntime runtime = new FakeContainerRuntime(echo.getLocalPort());
        try {
            StreamingServer server = StreamingServer.start(InetAddress.getLoopbackAddress(), 0, ssl,
                    runtime);
            return new FakeKubelet(echo, runtime, server);
        } catch (Exception e) {
            echo.close();
            throw e;
        }
    }

    int port() {
        return server.port();
    }

    FakeContainerRuntime runtime() {
        return runtime;
    }

    /** Whether WebSocket upgrades are served; if not, kubectl falls back to SPDY. */
    void serveWebSockets(boolean serve) {
        server.serveWebSockets(serve);
    }

    /** The upgrades served so far, oldest first. */
    List<StreamingServer.Upgrade> upgrades() {
        return server.upgrades();
    }

    @Override
    public void close() throws IOException {
        server.close();
        echo.close();
    }

    private static void acceptEchoes(ServerSocket echo) {
        while (!echo.isClosed()) {
            try {
                Socket s = echo.accept();
                Thread.ofVirtual().start(() -> {
                    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException ignored) {
                        // The forwarded connection was reset.
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    private static X509Certificate issueServing(X509Certificate ca, PrivateKey caKey, KeyPair keys)
            throws Exception {
        Instant now = Instant.now();
        GeneralNames sans = new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.dNSName, "localhost")});
        var builder = new JcaX509v3CertificateBuilder(ca, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))),
                new X500Name("CN=fake-kubelet"), keys.getPublic())
                .addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false, sans);
        String algorithm = caKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(algorithm).build(caKey)));
    }

    private static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static PrivateKey readKey(Path file) throws IOException {
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
        }
    }
}
