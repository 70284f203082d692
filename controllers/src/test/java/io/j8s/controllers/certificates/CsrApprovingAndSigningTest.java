package io.j8s.controllers.certificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.testcluster.TestCluster;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A joining node's requests, created through the API with the bootstrap identity and the node's
 * own, approved and signed by the controllers with the controller manager's credentials.
 */
class CsrApprovingAndSigningTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();
    private static X509Certificate ca;
    private static KubernetesClient controllerManager;
    private static CsrApprovingController approver;
    private static CsrSigningController signer;

    @BeforeAll
    static void startControllers() throws Exception {
        KeyPair keys = ec();
        X500Name name = new X500Name("CN=test-ca");
        Instant now = Instant.now();
        ca = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                name, BigInteger.ONE, Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(30))), name, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        Path crt = cluster.dir().resolve("ca.crt");
        Path key = cluster.dir().resolve("ca.key");
        Files.writeString(crt, pem(ca));
        // PKCS#8, as the cluster's PKI writes its keys.
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder()
                .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        controllerManager = cluster.client(TestCluster.CONTROLLER_MANAGER);
        signer = new CsrSigningController(controllerManager, crt, key).start();
        approver = new CsrApprovingController(controllerManager).start();
    }

    @AfterAll
    static void stopControllers() {
        approver.close();
        signer.close();
        controllerManager.close();
    }

    @Test
    void aBootstrapperGetsAClientCertificateForItsNode() throws Exception {
        CertificateSigningRequest created;
        try (KubernetesClient bootstrap = cluster.client(TestCluster.BOOTSTRAPPER)) {
            created = create(bootstrap, "node-csr-client", KubeletCsr.CLIENT_SIGNER,
                    request(rsa(), "system:node:n1", List.of()),
                    List.of("digital signature", "key encipherment", "client auth"));
        }
        assertThat(created.getSpec().getUsername()).isEqualTo("system:bootstrap:abcdef");

        X509Certificate cert = signed("node-csr-client");
        cert.verify(ca.getPublicKey());
        assertThat(cert.getSubjectX500Principal().getName())
                .isEqualTo("CN=system:node:n1,O=system:nodes");
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(cert.getKeyUsage()[0]).as("digital signature").isTrue();
        assertThat(cert.getKeyUsage()[2]).as("key encipherment").isTrue();
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        CertificateSigningRequestCondition approved = cluster.admin().certificates().v1()
                .certificateSigningRequests().withName("node-csr-client").get().getStatus()
                .getConditions().getFirst();
        assertThat(approved.getType()).isEqualTo("Approved");
        assertThat(approved.getReason()).isEqualTo("AutoApproved");
        assertThat(approved.getMessage()).isEqualTo(
                "Auto approving kubelet client certificate after SubjectAccessReview.");
    }

    @Test
    void aNodeGetsAServingCertificateForItsOwnNames() throws Exception {
        try (KubernetesClient node = cluster.client(TestCluster.NODE_N1)) {
            create(node, "n1-serving", KubeletCsr.SERVING_SIGNER,
                    request(ec(), "system:node:n1", List.of(
                            new GeneralName(GeneralName.dNSName, "n1"),
                            new GeneralName(GeneralName.iPAddress, "10.0.0.5"))),
                    List.of("digital signature", "server auth"));
        }
        X509Certificate cert = signed("n1-serving");
        cert.verify(ca.getPublicKey());
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        List<String> sans = new ArrayList<>();
        for (List<?> san : cert.getSubjectAlternativeNames()) {
            sans.add(String.valueOf(san.get(1)));
        }
        assertThat(sans).containsExactlyInAnyOrder("n1", "10.0.0.5");
    }

    @Test
    void aBootstrapperAskingForAnotherGroupIsNotApproved() throws Exception {
        try (KubernetesClient bootstrap = cluster.client(TestCluster.BOOTSTRAPPER)) {
            create(bootstrap, "csr-masters", KubeletCsr.CLIENT_SIGNER,
                    request(rsa(), "system:node:n1", List.of(), "system:masters"),
                    List.of("digital signature", "key encipherment", "client auth"));
            // A request the approver skips and one it approves, created after: once the later
            // one is signed, the earlier one has been looked at.
            create(bootstrap, "csr-after-masters", KubeletCsr.CLIENT_SIGNER,
                    request(rsa(), "system:node:n2", List.of()),
                    List.of("digital signature", "key encipherment", "client auth"));
        }
        signed("csr-after-masters");
        CertificateSigningRequest skipped = cluster.admin().certificates().v1()
                .certificateSigningRequests().withName("csr-masters").get();
        assertThat(skipped.getStatus().getConditions()).isNullOrEmpty();
        assertThat(skipped.getStatus().getCertificate()).isNull();
    }

    @Test
    void anApprovedRequestTheSignerMayNotSignFails() throws Exception {
        try (KubernetesClient bootstrap = cluster.client(TestCluster.BOOTSTRAPPER)) {
            create(bootstrap, "csr-server-usage", KubeletCsr.CLIENT_SIGNER,
                    request(rsa(), "system:node:n1", List.of()),
                    List.of("digital signature", "key encipherment", "server auth"));
        }
        cluster.admin().certificates().v1().certificateSigningRequests()
                .withName("csr-server-usage").approve(new CertificateSigningRequestConditionBuilder()
                        .withType("Approved").withStatus("True").withReason("ByHand").build());
        await().atMost(Duration.ofSeconds(20)).until(() -> failed("csr-server-usage") != null);
        CertificateSigningRequestCondition failed = failed("csr-server-usage");
        assertThat(failed.getReason()).isEqualTo("SignerValidationFailure");
        assertThat(failed.getMessage()).startsWith("usages did not match");
    }

    private static CertificateSigningRequestCondition failed(String name) {
        CertificateSigningRequest csr = cluster.admin().certificates().v1()
                .certificateSigningRequests().withName(name).get();
        return csr.getStatus() == null || csr.getStatus().getConditions() == null ? null
                : csr.getStatus().getConditions().stream()
                        .filter(c -> c.getType().equals("Failed")).findFirst().orElse(null);
    }

    private static CertificateSigningRequest create(KubernetesClient client, String name,
            String signer, String requestPem, List<String> usages) {
        return client.certificates().v1().certificateSigningRequests().resource(
                new CertificateSigningRequestBuilder().withNewMetadata().withName(name)
                        .endMetadata().withNewSpec().withSignerName(signer)
                        .withRequest(Base64.getEncoder().encodeToString(
                                requestPem.getBytes(StandardCharsets.US_ASCII)))
                        .withUsages(usages).endSpec().build()).create();
    }

    private static X509Certificate signed(String name) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            CertificateSigningRequest csr = cluster.admin().certificates().v1()
                    .certificateSigningRequests().withName(name).get();
            return csr.getStatus() != null && csr.getStatus().getCertificate() != null;
        });
        String b64 = cluster.admin().certificates().v1().certificateSigningRequests()
                .withName(name).get().getStatus().getCertificate();
        Collection<? extends java.security.cert.Certificate> certs = CertificateFactory
                .getInstance("X.509").generateCertificates(
                        new ByteArrayInputStream(Base64.getDecoder().decode(b64)));
        return (X509Certificate) certs.iterator().next();
    }

    private static String request(KeyPair keys, String cn, List<GeneralName> sans)
            throws Exception {
        return request(keys, cn, sans, "system:nodes");
    }

    private static String request(KeyPair keys, String cn, List<GeneralName> sans, String org)
            throws Exception {
        var builder = new JcaPKCS10CertificationRequestBuilder(
                new X500Name("O=" + org + ",CN=" + cn), keys.getPublic());
        if (!sans.isEmpty()) {
            ExtensionsGenerator ext = new ExtensionsGenerator();
            ext.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(sans.toArray(GeneralName[]::new)));
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
                    ext.generate());
        }
        String alg = keys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA"
                : "SHA256withECDSA";
        return pem(builder.build(new JcaContentSignerBuilder(alg).build(keys.getPrivate())));
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static String pem(Object o) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }
}
