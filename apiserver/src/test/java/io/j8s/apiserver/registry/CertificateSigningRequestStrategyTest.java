package io.j8s.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.authn.UserInfo;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CertificateSigningRequests through the registry: the requester comes from the request, not
 * the body; Approved and Denied only through /approval; the certificate only through /status,
 * once.
 */
class CertificateSigningRequestStrategyTest {
    private static final String GROUP = "certificates.k8s.io";
    private static final UserInfo ALICE = new UserInfo("alice", "u-1",
            List.of("devs", "system:authenticated"));

    @TempDir
    Path dir;
    private RegistryFixture k;
    private Registry csrs;

    @BeforeEach
    void start() {
        k = new RegistryFixture(dir);
        csrs = k.registry(GROUP, "v1", "certificatesigningrequests");
    }

    @AfterEach
    void stop() {
        k.close();
    }

    static String pem(Object object) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(object);
        }
        return out.toString();
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private ObjectNode create(String name) throws Exception {
        KeyPair kp = keys();
        String request = pem(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + name),
                kp.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA")
                        .build(kp.getPrivate())));
        ObjectNode csr = RegistryFixture.json("{'metadata':{'name':'" + name + "'},'spec':{"
                + "'request':'" + base64(request) + "','signerName':'example.com/signer',"
                + "'usages':['client auth'],'username':'mallory','groups':['system:masters']},"
                + "'status':{'conditions':[{'type':'Approved','status':'True'}]}}");
        return csrs.create(null, csr, new WriteOptions(false, "test", false, ALICE));
    }

    private String fails(Runnable r) {
        Throwable t = catchThrowable(r::run);
        assertThat(t).as("expected a refusal").isInstanceOf(StatusException.class);
        return ((StatusException) t).status().getMessage();
    }

    private ObjectNode withCondition(ObjectNode csr, String type) {
        ObjectNode next = csr.deepCopy();
        next.with("status").withArray("conditions").addObject().put("type", type)
                .put("reason", "Test");
        return next;
    }

    @Test
    void createRecordsTheRequesterAndStartsPending() throws Exception {
        ObjectNode csr = create("a");
        assertThat(csr.path("spec").path("username").asText()).isEqualTo("alice");
        assertThat(csr.path("spec").path("uid").asText()).isEqualTo("u-1");
        assertThat(csr.path("spec").path("groups").toString())
                .isEqualTo("[\"devs\",\"system:authenticated\"]");
        assertThat(csr.path("status").path("conditions").isMissingNode()).isTrue();
    }

    @Test
    void approvalOnlyThroughTheApprovalSubresource() throws Exception {
        ObjectNode csr = create("b");
        assertThat(fails(() -> csrs.update(null, "b", withCondition(csr, "Approved"), "status",
                WriteOptions.DEFAULT))).contains("status.conditions: Forbidden: updates may not"
                        + " add a condition of type \"Approved\"");
        ObjectNode approved = csrs.update(null, "b", withCondition(csr, "Approved"), "approval",
                WriteOptions.DEFAULT);
        var condition = approved.path("status").path("conditions").get(0);
        assertThat(condition.path("status").asText()).isEqualTo("True");
        assertThat(condition.path("lastUpdateTime").asText()).isNotEmpty();
        assertThat(condition.path("lastTransitionTime").asText()).isNotEmpty();
        assertThat(fails(() -> csrs.update(null, "b", withCondition(approved, "Denied"),
                "approval", WriteOptions.DEFAULT)))
                .contains("status.conditions[1].type: Invalid value: \"Denied\": Approved and"
                        + " Denied conditions are mutually exclusive");
        ObjectNode none = approved.deepCopy();
        none.with("status").putArray("conditions");
        assertThat(fails(() -> csrs.update(null, "b", none, "approval", WriteOptions.DEFAULT)))
                .contains("updates may not remove a condition of type \"Approved\"");
    }

    @Test
    void certificateOnlyThroughStatusAndOnce() throws Exception {
        ObjectNode csr = create("c");
        KeyPair kp = keys();
        X500Name subject = new X500Name("CN=c");
        String certificate = pem(new JcaX509CertificateConverter().getCertificate(
                new JcaX509v3CertificateBuilder(subject, BigInteger.ONE, new Date(),
                        new Date(System.currentTimeMillis() + 3_600_000L), subject,
                        kp.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA")
                                .build(kp.getPrivate()))));
        ObjectNode issued = csr.deepCopy();
        issued.with("status").put("certificate", base64(certificate));

        ObjectNode viaApproval = csrs.update(null, "c", issued.deepCopy(), "approval",
                WriteOptions.DEFAULT);
        assertThat(viaApproval.path("status").has("certificate")).isFalse();

        issued = viaApproval.deepCopy();
        issued.with("status").put("certificate", base64(certificate));
        ObjectNode bad = viaApproval.deepCopy();
        bad.with("status").put("certificate", base64("not a certificate"));
        assertThat(fails(() -> csrs.update(null, "c", bad, "status", WriteOptions.DEFAULT)))
                .contains("status.certificate: Invalid value: \"<certificate data>\": must"
                        + " contain at least one CERTIFICATE PEM block");

        ObjectNode stored = csrs.update(null, "c", issued, "status", WriteOptions.DEFAULT);
        assertThat(stored.path("status").path("certificate").asText())
                .isEqualTo(base64(certificate));
        ObjectNode other = stored.deepCopy();
        other.with("status").put("certificate", base64(certificate + certificate));
        assertThat(fails(() -> csrs.update(null, "c", other, "status", WriteOptions.DEFAULT)))
                .contains("status.certificate: Forbidden: updates may not modify existing"
                        + " certificate content");

        ObjectNode respec = stored.deepCopy();
        respec.with("spec").put("signerName", "example.com/other");
        assertThat(csrs.update(null, "c", respec, "", WriteOptions.DEFAULT).path("spec")
                .path("signerName").asText()).isEqualTo("example.com/signer");
    }

    @Test
    void requestSignerAndUsagesAreValidated() {
        String message = fails(() -> csrs.create(null, RegistryFixture.json(
                "{'metadata':{'name':'d'},'spec':{'request':'" + base64("hello")
                        + "','signerName':'nodomain/x','usages':[]}}"), WriteOptions.DEFAULT));
        assertThat(message).contains("spec.request: Invalid value: []byte{0x68, 0x65, 0x6c, 0x6c,"
                + " 0x6f}: PEM block type must be CERTIFICATE REQUEST")
                .contains("spec.usages: Required value")
                .contains("spec.signerName: Invalid value: \"nodomain\": should be a domain with"
                        + " at least two segments separated by dots");
    }

    @Test
    void fieldsOfTheWrongTypeAreInvalidNotAnInternalError() {
        StatusException e = (StatusException) catchThrowable(() -> csrs.create(null,
                RegistryFixture.json("{'metadata':{'name':'e'},'spec':'x'}"),
                WriteOptions.DEFAULT));
        assertThat(e.status().getCode()).isEqualTo(422);
        e = (StatusException) catchThrowable(() -> csrs.create(null, RegistryFixture.json(
                "{'metadata':{'name':'e'},'spec':{'usages':{'a':1},'request':5}}"),
                WriteOptions.DEFAULT));
        assertThat(e.status().getCode()).isEqualTo(422);
        e = (StatusException) catchThrowable(() -> k.create("flowcontrol.apiserver.k8s.io", "v1",
                "flowschemas", null, "{'metadata':{'name':'e'},'spec':{'rules':{'a':1}}}"));
        assertThat(e.status().getCode()).isEqualTo(422);
    }
}
