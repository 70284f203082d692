package io.j8s.kubelet.bootstrap;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The cluster CA as the API server shows it in its TLS handshake (the serving certificate
 * followed by the CA that signed it). The handshake trusts anything: it only reads the chain,
 * sends nothing, and the caller pins what it read against the hash in the join token before any
 * request goes out.
 */
final class ServerCa {
    private ServerCa() {}

    /**
     * The CA certificate the server at {@code url} presents, checked against {@code caHash}.
     *
     * @throws IllegalStateException if the server cannot be reached, shows no CA, or shows a CA
     *     whose hash is not the token's
     */
    static X509Certificate fetch(URI url, String caHash) {
        List<X509Certificate> chain = chain(url);
        X509Certificate leaf = chain.getFirst();
        X509Certificate ca = null;
        for (X509Certificate c : chain) {
            if (c.getBasicConstraints() >= 0 && signed(leaf, c)) {
                ca = c;
            }
        }
        if (ca == null) {
            throw new IllegalStateException("the server at " + url + " shows no CA certificate"
                    + " in its TLS handshake; is it a j8s server?");
        }
        String hash = JoinToken.caHash(ca);
        if (!hash.equals(caHash)) {
            throw new IllegalStateException("the CA of the server at " + url + " (sha256 " + hash
                    + ") does not match the CA hash in the join token (" + caHash + "): wrong"
                    + " server, wrong token, or someone in between; refusing to join");
        }
        return ca;
    }

    private static boolean signed(X509Certificate leaf, X509Certificate ca) {
        try {
            leaf.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static List<X509Certificate> chain(URI url) {
        String host = url.getHost();
        int port = url.getPort() < 0 ? 443 : url.getPort();
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new ReadOnly()}, null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                socket.connect(new java.net.InetSocketAddress(host, port), 10_000);
                socket.setSoTimeout(10_000);
                socket.startHandshake();
                Certificate[] peer = socket.getSession().getPeerCertificates();
                return java.util.Arrays.stream(peer).map(X509Certificate.class::cast).toList();
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot reach the server at " + url + ": "
                    + e.getMessage(), e);
        }
    }

    /** Accepts any chain: used only to read it, never to send anything. */
    private static final class ReadOnly implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
