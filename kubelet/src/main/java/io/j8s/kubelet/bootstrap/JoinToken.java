package io.j8s.kubelet.bootstrap;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A join token in k3s's secure form: {@code K10<sha256 of the cluster CA>::<id>.<secret>}. The
 * hash is of the CA certificate's DER encoding, lowercase hex; {@code <id>.<secret>} is an
 * upstream bootstrap token (6 and 16 characters of {@code [a-z0-9]}), the Secret
 * {@code kube-system/bootstrap-token-<id>}.
 */
public record JoinToken(String caHash, String id, String secret) {
    private static final Pattern FORM = Pattern.compile(
            "^K10([0-9a-f]{64})::([a-z0-9]{6})\\.([a-z0-9]{16})$");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    /**
     * Reads a token.
     *
     * @throws IllegalArgumentException saying what form a token has, without echoing the secret
     */
    public static JoinToken parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("the join token is not of the form"
                    + " K10<sha256 of the server's CA>::<id>.<secret>; copy it whole from"
                    + " DATA_DIR/server/node-token on the server");
        }
        return new JoinToken(m.group(1), m.group(2), m.group(3));
    }

    /** A new random bootstrap token for the CA. */
    public static JoinToken generate(X509Certificate ca) {
        SecureRandom random = new SecureRandom();
        return new JoinToken(caHash(ca), random(random, 6), random(random, 16));
    }

    /** The lowercase hex SHA-256 of the certificate's DER encoding. */
    public static String caHash(X509Certificate ca) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(ca.getEncoded())).toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot hash the CA certificate: " + e.getMessage(), e);
        }
    }

    /** {@code <id>.<secret>}: the bearer token the API server knows. */
    public String bearerToken() {
        return id + "." + secret;
    }

    /** The whole token, as written to DATA_DIR/server/node-token. */
    @Override
    public String toString() {
        return "K10" + caHash + "::" + id + "." + secret;
    }

    private static String random(SecureRandom random, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
