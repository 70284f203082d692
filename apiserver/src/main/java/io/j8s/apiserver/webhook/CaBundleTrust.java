package io.j8s.apiserver.webhook;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS to a webhook, an aggregated API server or a conversion webhook: the server's certificate
 * must chain to the configuration's caBundle (the JDK's roots when it has none) and name the
 * host the server is known by ({@code SVC.NS.svc} for a service reference, even though the
 * connection goes to its address), as upstream checks it.
 */
public final class CaBundleTrust extends X509ExtendedTrustManager {
    private final X509TrustManager roots;
    private final String host;
    private final boolean verify;

    private CaBundleTrust(X509TrustManager roots, String host, boolean verify) {
        this.roots = roots;
        this.host = host;
        this.verify = verify;
    }

    /**
     * An SSL context trusting {@code caBundle} (PEM; empty: the JDK's roots) for {@code host};
     * {@code verify} false trusts any server (upstream's insecureSkipTLSVerify).
     */
    public static SSLContext context(byte[] caBundle, String host, boolean verify) {
        return context(caBundle, host, verify, null);
    }

    /** The trust manager of {@link #context(byte[], String, boolean)}, for a TLS engine. */
    static CaBundleTrust trustManager(byte[] caBundle, String host, boolean verify) {
        try {
            return new CaBundleTrust((X509TrustManager) roots(caBundle).getTrustManagers()[0],
                    host, verify);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("bad caBundle: " + e.getMessage(), e);
        }
    }

    /** As above, presenting the client certificate of {@code keys} (none when null). */
    public static SSLContext context(byte[] caBundle, String host, boolean verify,
            javax.net.ssl.KeyManager[] keys) {
        try {
            TrustManagerFactory f = roots(caBundle);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, new javax.net.ssl.TrustManager[] {
                new CaBundleTrust((X509TrustManager) f.getTrustManagers()[0], host, verify)},
                null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("bad caBundle: " + e.getMessage(), e);
        }
    }

    private static TrustManagerFactory roots(byte[] caBundle)
            throws GeneralSecurityException, java.io.IOException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(
                TrustManagerFactory.getDefaultAlgorithm());
        if (caBundle == null || caBundle.length == 0) {
            f.init((KeyStore) null);
            return f;
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        Collection<? extends java.security.cert.Certificate> certs = CertificateFactory
                .getInstance("X.509").generateCertificates(new ByteArrayInputStream(caBundle));
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("the caBundle holds no certificate");
        }
        int i = 0;
        for (var c : certs) {
            store.setCertificateEntry("ca" + i++, c);
        }
        f.init(store);
        return f;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
            throws CertificateException {
        if (!verify) {
            return;
        }
        roots.checkServerTrusted(chain, authType);
        if (!names(chain[0], host)) {
            throw new CertificateException("x509: certificate is not valid for " + host);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    private static boolean names(X509Certificate cert, String host) throws CertificateException {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        Collection<List<?>> sans = cert.getSubjectAlternativeNames();
        if (sans == null) {
            return false;
        }
        for (List<?> san : sans) {
            int type = (Integer) san.get(0);
            String value = String.valueOf(san.get(1));
            if (type == 7 && sameAddress(value, h)) {
                return true;
            }
            if (type == 2 && dnsMatch(value.toLowerCase(Locale.ROOT), h.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameAddress(String a, String b) {
        if (!b.matches("[0-9.]+") && !b.contains(":")) {
            return false; // a host name, which is never looked up here
        }
        try {
            return java.net.InetAddress.getByName(a).equals(java.net.InetAddress.getByName(b));
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static boolean dnsMatch(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(pattern.substring(1));
        }
        return pattern.equals(host);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
            throws CertificateException {
        throw new CertificateException("a client of webhooks trusts no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return roots.getAcceptedIssuers();
    }
}
