package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.testkit.Kubectl;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kinds about the API server itself, with the real kubectl: CertificateSigningRequests
 * (created from a real PKCS#10 request, approved with {@code kubectl certificate approve}),
 * APIServices with upstream's validation, and the mandatory flowcontrol objects, each listed with
 * upstream's columns.
 */
class ServerKindsE2E {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();

    private static String csrPem(String commonName) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(new JcaPKCS10CertificationRequestBuilder(
                    new X500Name("CN=" + commonName), kp.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
        }
        return out.toString();
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void certificateSigningRequestIsCreatedApprovedAndListed() throws Exception {
        Kubectl k = server.kubectl(null);
        String csr = "apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\n"
                + "metadata:\n  name: alice\nspec:\n  request: " + base64(csrPem("alice"))
                + "\n  signerName: kubernetes.io/kube-apiserver-client\n"
                + "  expirationSeconds: 86400\n  usages: [client auth]\n  username: mallory\n";
        ok(k.input(csr, "create", "-f", "-"));
        String pending = ok(k.run("get", "csr")).out();
        assertThat(pending.lines().findFirst().orElseThrow()).matches(
                "NAME\\s+AGE\\s+SIGNERNAME\\s+REQUESTOR\\s+REQUESTEDDURATION\\s+CONDITION");
        // the requester is who sent the request, never what the body said
        assertThat(pending).containsPattern(
                "alice\\s+\\S+\\s+kubernetes.io/kube-apiserver-client\\s+system:admin\\s+24h\\s+"
                        + "Pending");

        assertThat(ok(k.run("certificate", "approve", "alice")).out())
                .contains("certificatesigningrequest.certificates.k8s.io/alice approved");
        assertThat(ok(k.run("get", "csr", "alice")).out()).containsPattern("system:admin\\s+24h"
                + "\\s+Approved");
        assertThat(ok(k.run("get", "csr", "alice", "-o",
                "jsonpath={.status.conditions[0].reason}")).out()).isEqualTo("KubectlApprove");

        // Approved only through /approval: a status patch may not add one
        Kubectl.Result viaStatus = k.run("patch", "csr", "alice", "--subresource=status",
                "--type=json", "-p", "[{\"op\":\"add\",\"path\":\"/status/conditions/-\","
                        + "\"value\":{\"type\":\"Denied\",\"status\":\"True\"}}]");
        assertThat(viaStatus.ok()).isFalse();
        assertThat(viaStatus.err()).contains("updates may not add a condition of type"
                + " \"Denied\"");

        String bad = "apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\n"
                + "metadata:\n  name: bad\nspec:\n  request: " + base64("hello")
                + "\n  signerName: example\n  usages: [client auth]\n";
        Kubectl.Result refused = k.input(bad, "create", "-f", "-");
        assertThat(refused.ok()).isFalse();
        assertThat(refused.err()).contains("The CertificateSigningRequest \"bad\" is invalid")
                .contains("spec.request: Invalid value: []byte{0x68, 0x65, 0x6c, 0x6c, 0x6f}:"
                        + " PEM block type must be CERTIFICATE REQUEST")
                .contains("spec.signerName: Invalid value: \"example\": must be a fully"
                        + " qualified domain and path of the form 'example.com/signer-name'");
    }

    @Test
    void apiServiceIsStoredWithUpstreamValidation() {
        Kubectl k = server.kubectl(null);
        ok(k.input("apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata:\n"
                + "  name: v1beta1.metrics.k8s.io\nspec:\n  group: metrics.k8s.io\n"
                + "  version: v1beta1\n  groupPriorityMinimum: 100\n  versionPriority: 100\n"
                + "  insecureSkipTLSVerify: true\n"
                + "  service: {namespace: kube-system, name: metrics-server}\n",
                "create", "-f", "-"));
        String table = ok(k.run("get", "apiservice", "v1beta1.metrics.k8s.io")).out();
        assertThat(table.lines().findFirst().orElseThrow())
                .matches("NAME\\s+SERVICE\\s+AVAILABLE\\s+AGE");
        assertThat(table).containsPattern(
                "v1beta1.metrics.k8s.io\\s+kube-system/metrics-server\\s+"
                        + "(Unknown|False \\(ServiceNotFound\\))");
        assertThat(ok(k.run("get", "apiservice", "v1beta1.metrics.k8s.io", "-o",
                "jsonpath={.spec.service.port}")).out()).isEqualTo("443");

        Kubectl.Result refused = k.input("apiVersion: apiregistration.k8s.io/v1\n"
                + "kind: APIService\nmetadata:\n  name: wrong.name\nspec:\n"
                + "  group: foo.example.com\n  version: v1\n  groupPriorityMinimum: 0\n"
                + "  versionPriority: 100\n  insecureSkipTLSVerify: true\n",
                "create", "-f", "-");
        assertThat(refused.ok()).isFalse();
        assertThat(refused.err()).contains("The APIService \"wrong.name\" is invalid")
                .contains("metadata.name: Invalid value: \"wrong.name\": must be"
                        + " `spec.version+\".\"+spec.group`: \"v1.foo.example.com\"")
                .contains("spec.groupPriorityMinimum: Invalid value: 0: must be positive and"
                        + " less than 20000")
                .contains("spec.insecureSkipTLSVerify: Invalid value: true: local APIServices"
                        + " may not have insecureSkipTLSVerify");
    }

    @Test
    void mandatoryFlowControlObjectsAreListed() {
        Kubectl k = server.kubectl(null);
        String schemas = ok(k.run("get", "flowschemas")).out();
        assertThat(schemas.lines().findFirst().orElseThrow()).matches("NAME\\s+PRIORITYLEVEL\\s+"
                + "MATCHINGPRECEDENCE\\s+DISTINGUISHERMETHOD\\s+AGE\\s+MISSINGPL");
        assertThat(schemas).containsPattern("catch-all\\s+catch-all\\s+10000\\s+ByUser")
                .containsPattern("exempt\\s+exempt\\s+1\\s+<none>");
        String levels = ok(k.run("get", "prioritylevelconfigurations")).out();
        assertThat(levels.lines().findFirst().orElseThrow()).matches("NAME\\s+TYPE\\s+"
                + "NOMINALCONCURRENCYSHARES\\s+QUEUES\\s+HANDSIZE\\s+QUEUELENGTHLIMIT\\s+AGE");
        assertThat(levels).containsPattern("catch-all\\s+Limited\\s+5\\s+<none>")
                .containsPattern("exempt\\s+Exempt\\s+<none>");
        assertThat(ok(k.run("api-resources", "--api-group=flowcontrol.apiserver.k8s.io")).out())
                .contains("flowschemas").contains("prioritylevelconfigurations");

        ok(k.input("apiVersion: flowcontrol.apiserver.k8s.io/v1\nkind: PriorityLevelConfiguration\n"
                + "metadata:\n  name: workload\nspec:\n  type: Limited\n  limited:\n"
                + "    limitResponse:\n      type: Queue\n      queuing: {}\n",
                "create", "-f", "-"));
        assertThat(ok(k.run("get", "prioritylevelconfiguration", "workload")).out())
                .containsPattern("workload\\s+Limited\\s+30\\s+64\\s+8\\s+50");
    }
}
