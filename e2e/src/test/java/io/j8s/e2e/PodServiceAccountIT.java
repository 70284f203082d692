package io.j8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.testkit.Kubectl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real pod (containerd) talks to the API server as its service account: it finds its token,
 * CA and namespace at /var/run/secrets/kubernetes.io/serviceaccount and the
 * {@code KUBERNETES_SERVICE_*} variables, and busybox's wget with the mounted token is the
 * service account (a SelfSubjectReview) and, lacking RBAC rules, is refused a list with 403, not
 * 401. The server listens on every address so that the pod reaches it at the node's IP (the
 * {@code kubernetes} Service's proxying is not this test's).
 */
class PodServiceAccountIT {
    @RegisterExtension
    static final RealNode node = new RealNode("sa-it", "--bind-address", "0.0.0.0");

    @Test
    void aPodCallsTheApiWithItsMountedToken() {
        Kubectl.ok(node.kubectl().run("create", "serviceaccount", "caller"));
        node.apply(node.pod("caller", "Never", "sleep 3600", "", "  serviceAccountName: caller\n"));
        try {
            node.awaitReady("caller");
            String hostIp = node.pod("caller", ".status.hostIP");
            String dir = "/var/run/secrets/kubernetes.io/serviceaccount";
            String files = Kubectl.ok(node.kubectl().run("exec", "caller", "--", "sh", "-c",
                    "ls " + dir + "; cat " + dir + "/namespace; echo; head -1 " + dir
                            + "/ca.crt; echo $KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT"))
                    .out();
            assertThat(files).contains("ca.crt", "namespace", "token", "default",
                    "-----BEGIN CERTIFICATE-----").containsPattern("10\\.43\\.0\\.1:443");

            String api = "https://" + hostIp + ":" + node.port();
            Kubectl.Result whoami = node.kubectl().run("exec", "caller", "--", "sh", "-c",
                    "wget -q -O - --no-check-certificate"
                            + " --header \"Authorization: Bearer $(cat " + dir + "/token)\""
                            + " --header 'Content-Type: application/json'"
                            + " --post-data '{\"apiVersion\":\"authentication.k8s.io/v1\","
                            + "\"kind\":\"SelfSubjectReview\"}' " + api
                            + "/apis/authentication.k8s.io/v1/selfsubjectreviews");
            assertThat(whoami.out()).as(whoami.toString())
                    .contains("\"username\":\"system:serviceaccount:default:caller\"")
                    .contains("\"authentication.kubernetes.io/pod-name\":[\"caller\"]");

            Kubectl.Result list = node.kubectl().run("exec", "caller", "--", "sh", "-c",
                    "wget -O - --no-check-certificate --header \"Authorization: Bearer $(cat "
                            + dir + "/token)\" " + api + "/api/v1/namespaces/default/secrets"
                            + " 2>&1; true");
            assertThat(list.out()).as(list.toString()).contains("403");
            Kubectl.Result anonymous = node.kubectl().run("exec", "caller", "--", "sh", "-c",
                    "wget -O - --no-check-certificate --header 'Authorization: Bearer forged'"
                            + " " + api + "/api/v1/namespaces/default/secrets 2>&1; true");
            assertThat(anonymous.out()).as(anonymous.toString()).contains("401");
        } finally {
            node.delete("caller");
        }
    }
}
