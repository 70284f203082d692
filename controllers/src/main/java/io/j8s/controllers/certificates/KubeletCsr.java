package io.j8s.controllers.certificates;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * A PKCS#10 request as the kubelet signers read it: subject CN and O, the subject alternative
 * names, and upstream's checks of what a kubelet may ask for ({@code ValidateKubeletClientCSR},
 * {@code ValidateKubeletServingCSR}), with their messages.
 */
record KubeletCsr(PKCS10CertificationRequest request, String commonName,
        List<String> organizations, List<String> dnsNames, List<String> ipAddresses,
        List<String> emails, List<String> uris) {
    static final String CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
    static final String SERVING_SIGNER = "kubernetes.io/kubelet-serving";
    static final String NODES = "system:nodes";
    static final String NODE_PREFIX = "system:node:";
    private static final Set<String> CLIENT_USAGES = Set.of("digital signature",
            "key encipherment", "client auth");
    private static final Set<String> CLIENT_USAGES_NO_RSA = Set.of("digital signature",
            "client auth");
    private static final Set<String> SERVING_USAGES = Set.of("digital signature",
            "key encipherment", "server auth");
    private static final Set<String> SERVING_USAGES_NO_RSA = Set.of("digital signature",
            "server auth");

    /**
     * Parses {@code spec.request} (base64 of a PEM {@code CERTIFICATE REQUEST}) and checks its
     * signature.
     *
     * @throws IllegalArgumentException if it is not a PEM certificate request signed by its key
     */
    static KubeletCsr parse(String specRequest) {
        PKCS10CertificationRequest request;
        try {
            String pem = new String(Base64.getDecoder().decode(specRequest),
                    StandardCharsets.US_ASCII);
            try (PEMParser parser = new PEMParser(new StringReader(pem))) {
                Object o = parser.readObject();
                if (!(o instanceof PKCS10CertificationRequest r)) {
                    throw new IllegalArgumentException("PEM block type must be CERTIFICATE REQUEST");
                }
                request = r;
            }
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .build(request.getSubjectPublicKeyInfo()))) {
                throw new IllegalArgumentException("the request's signature is not valid");
            }
        } catch (IOException | RuntimeException | org.bouncycastle.operator.OperatorCreationException
                | org.bouncycastle.pkcs.PKCSException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("unable to parse the certificate request: "
                    + e.getMessage(), e);
        }
        X500Name subject = request.getSubject();
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        for (GeneralName name : subjectAltNames(request)) {
            switch (name.getTagNo()) {
                case GeneralName.dNSName -> dns.add(name.getName().toString());
                case GeneralName.rfc822Name -> emails.add(name.getName().toString());
                case GeneralName.uniformResourceIdentifier -> uris.add(name.getName().toString());
                case GeneralName.iPAddress -> ips.add(ip(name));
                default -> { }
            }
        }
        return new KubeletCsr(request, first(values(subject, BCStyle.CN)),
                values(subject, BCStyle.O), dns, ips, emails, uris);
    }

    /** Why this is not a kubelet client request (upstream's ValidateKubeletClientCSR), if it is not. */
    Optional<String> clientProblem(List<String> usages) {
        if (!organizations.equals(List.of(NODES))) {
            return Optional.of("subject organization is not system:nodes");
        }
        if (!dnsNames.isEmpty()) {
            return Optional.of("DNS subjectAltNames are not allowed");
        }
        if (!emails.isEmpty()) {
            return Optional.of("Email subjectAltNames are not allowed");
        }
        if (!ipAddresses.isEmpty()) {
            return Optional.of("IP subjectAltNames are not allowed");
        }
        if (!uris.isEmpty()) {
            return Optional.of("URI subjectAltNames are not allowed");
        }
        if (!commonName.startsWith(NODE_PREFIX)) {
            return Optional.of("subject common name does not begin with system:node:");
        }
        Set<String> u = Set.copyOf(usages);
        if (!u.equals(CLIENT_USAGES) && !u.equals(CLIENT_USAGES_NO_RSA)) {
            return Optional.of("usages did not match " + new TreeSet<>(CLIENT_USAGES));
        }
        return Optional.empty();
    }

    /** Why this is not a kubelet serving request (upstream's ValidateKubeletServingCSR), if it is not. */
    Optional<String> servingProblem(List<String> usages) {
        if (!organizations.equals(List.of(NODES))) {
            return Optional.of("subject organization is not system:nodes");
        }
        if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
            return Optional.of("DNS or IP subjectAltName is required");
        }
        if (!emails.isEmpty()) {
            return Optional.of("Email subjectAltNames are not allowed");
        }
        if (!uris.isEmpty()) {
            return Optional.of("URI subjectAltNames are not allowed");
        }
        if (!commonName.startsWith(NODE_PREFIX)) {
            return Optional.of("subject common name does not begin with system:node:");
        }
        Set<String> u = Set.copyOf(usages);
        if (!u.equals(SERVING_USAGES) && !u.equals(SERVING_USAGES_NO_RSA)) {
            return Optional.of("usages did not match " + new TreeSet<>(SERVING_USAGES));
        }
        return Optional.empty();
    }

    /** What a signer may sign: the problem for {@code signerName}, or empty if the request is fine. */
    Optional<String> problemFor(String signerName, List<String> usages) {
        return switch (signerName) {
            case CLIENT_SIGNER -> clientProblem(usages);
            case SERVING_SIGNER -> servingProblem(usages);
            default -> Optional.of("signer " + signerName + " is not served");
        };
    }

    private static List<GeneralName> subjectAltNames(PKCS10CertificationRequest request) {
        List<GeneralName> out = new ArrayList<>();
        for (Attribute a : request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            for (var value : a.getAttributeValues()) {
                Extensions ext = Extensions.getInstance(value);
                GeneralNames names = GeneralNames.fromExtensions(ext,
                        Extension.subjectAlternativeName);
                if (names != null) {
                    out.addAll(List.of(names.getNames()));
                }
            }
        }
        return out;
    }

    private static String ip(GeneralName name) {
        try {
            byte[] bytes = DEROctetString.getInstance(name.getName()).getOctets();
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String> values(X500Name name, ASN1ObjectIdentifier type) {
        List<String> out = new ArrayList<>();
        for (RDN rdn : name.getRDNs(type)) {
            out.add(IETFUtils.valueToString(rdn.getFirst().getValue()));
        }
        return out;
    }

    private static String first(List<String> values) {
        return values.isEmpty() ? "" : values.getFirst();
    }
}
