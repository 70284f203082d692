package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.validation.Causes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The PEM and {@code []byte} fields of the certificates and apiregistration kinds: a signed
 * PKCS#10 request in a {@code CERTIFICATE REQUEST} block, certificates in {@code CERTIFICATE}
 * blocks, base64 in JSON, and Go's way of printing bytes in an error.
 */
final class CertificatePem {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([^-\\r\\n]*)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);

    private CertificatePem() {}

    /** Why {@code pem} is not a signed PKCS#10 request in a CERTIFICATE REQUEST block; or null. */
    static String requestError(byte[] pem) {
        Matcher m = PEM.matcher(new String(pem, StandardCharsets.ISO_8859_1));
        if (!m.find() || !m.group(1).equals("CERTIFICATE REQUEST")) {
            return "PEM block type must be CERTIFICATE REQUEST";
        }
        try {
            JcaPKCS10CertificationRequest request = new JcaPKCS10CertificationRequest(
                    Base64.getMimeDecoder().decode(m.group(2)));
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .build(request.getPublicKey()))) {
                return "x509: signature verification failure";
            }
            return null;
        } catch (Exception e) {
            return "x509: malformed certificate request";
        }
    }

    /** Why {@code pem} is not one or more CERTIFICATE blocks; or null (empty is fine). */
    static String certificateError(byte[] pem) {
        if (pem.length == 0) {
            return null;
        }
        Matcher m = PEM.matcher(new String(pem, StandardCharsets.ISO_8859_1));
        int blocks = 0;
        while (m.find()) {
            if (!m.group(1).equals("CERTIFICATE")) {
                return "only CERTIFICATE PEM blocks are allowed, found \"" + m.group(1) + "\"";
            }
            if (m.group(2).contains(":")) {
                return "no PEM block headers are permitted";
            }
            try {
                CertificateFactory.getInstance("X.509").generateCertificate(
                        new ByteArrayInputStream(Base64.getMimeDecoder().decode(m.group(2))));
            } catch (CertificateException | IllegalArgumentException e) {
                return "x509: malformed certificate";
            }
            blocks++;
        }
        return blocks == 0 ? "must contain at least one CERTIFICATE PEM block" : null;
    }

    /** A {@code []byte} field: base64 in JSON. */
    static byte[] bytes(JsonNode field) {
        if (field == null || !field.isTextual()) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(field.asText());
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** A {@code []byte} as Go's {@code %#v} prints it: {@code []byte{0x2d, 0x2d}}. */
    static Causes.GoValue goBytes(byte[] value) {
        if (value.length == 0) {
            return new Causes.GoValue("[]byte(nil)");
        }
        StringBuilder b = new StringBuilder("[]byte{");
        for (int i = 0; i < value.length; i++) {
            b.append(i == 0 ? "" : ", ").append("0x").append(Integer.toHexString(value[i] & 0xff));
        }
        return new Causes.GoValue(b.append('}').toString());
    }
}
