package io.j8s.e2e;

import static io.j8s.testkit.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.j8s.testkit.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A CustomResourceDefinition as a chart installs it, used through the real kubectl: applied and
 * established, its custom resources applied, listed with their printer columns, by short name
 * and in {@code kubectl get all}, explained, scaled, patched and edited, and deleted with the
 * definition.
 */
class CustomResourcesE2E {
    @RegisterExtension
    static final RunningServer server = RunningServer.perClass();

    static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: crontabs.stable.example.com
            spec:
              group: stable.example.com
              scope: Namespaced
              names: {plural: crontabs, singular: crontab, kind: CronTab, shortNames: [ct], categories: [all]}
              versions:
              - name: v1
                served: true
                storage: true
                subresources:
                  status: {}
                  scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}
                additionalPrinterColumns:
                - {name: Spec, type: string, jsonPath: .spec.cronSpec, description: The cron spec}
                - {name: Replicas, type: integer, jsonPath: .spec.replicas}
                - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        description: What the cron tab runs, and when.
                        properties:
                          cronSpec: {type: string, description: When it runs in cron syntax.}
                          image: {type: string}
                          replicas: {type: integer, default: 1}
                      status:
                        type: object
                        properties:
                          replicas: {type: integer}
            """;

    static final String TAB = """
            apiVersion: stable.example.com/v1
            kind: CronTab
            metadata: {name: nightly, namespace: default}
            spec: {cronSpec: "0 3 * * *", image: busybox, replicas: 1}
            """;

    @Test
    void aChartsDefinitionAndItsResourcesWorkThroughKubectl() throws Exception {
        Kubectl k = server.kubectl(null);
        ok(k.input(CRD, "apply", "-f", "-"));
        ok(k.run("wait", "--for=condition=Established", "crd/crontabs.stable.example.com",
                "--timeout=30s"));
        await().atMost(Duration.ofSeconds(30)).until(() -> k.input(TAB, "apply", "-f", "-").ok());

        String table = ok(k.run("get", "crontabs")).out();
        assertThat(table).contains("NAME", "SPEC", "REPLICAS", "AGE")
                .contains("nightly", "0 3 * * *");
        assertThat(ok(k.run("get", "ct", "nightly", "-o", "name")).out().trim())
                .isEqualTo("crontab.stable.example.com/nightly");
        assertThat(ok(k.run("get", "all")).out()).contains("crontab.stable.example.com/nightly");

        assertThat(ok(k.run("explain", "crontab.spec")).out())
                .contains("What the cron tab runs, and when.").contains("cronSpec");

        ok(k.run("scale", "crontab/nightly", "--replicas=3"));
        assertThat(field(k, "{.spec.replicas}")).isEqualTo("3");

        ok(k.run("patch", "crontab", "nightly", "--type", "merge", "-p",
                "{\"spec\":{\"image\":\"alpine\"}}"));
        assertThat(field(k, "{.spec.image}")).isEqualTo("alpine");
        ok(k.run("patch", "crontab", "nightly", "--type", "json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/cronSpec\",\"value\":\"*/5 * * * *\"}]"));
        assertThat(field(k, "{.spec.cronSpec}")).isEqualTo("*/5 * * * *");

        Path editor = Files.createTempFile("j8s-editor", ".sh",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Files.writeString(editor, "#!/bin/sh\nsed -i 's/image: alpine/image: nginx/' \"$1\"\n");
            ok(k.run(Map.of("EDITOR", editor.toString(), "KUBE_EDITOR", editor.toString()), null,
                    "edit", "crontab", "nightly"));
        } finally {
            Files.deleteIfExists(editor);
        }
        assertThat(field(k, "{.spec.image}")).isEqualTo("nginx");

        ok(k.input(TAB.replace("busybox", "busybox:1.36").replace("replicas: 1",
                "replicas: 3"), "apply", "-f", "-"));
        assertThat(field(k, "{.spec.image}")).isEqualTo("busybox:1.36");
        assertThat(k.run("patch", "crontab", "nightly", "-p", "{\"spec\":{\"image\":\"x\"}}")
                .err()).contains("application/strategic-merge-patch+json is not supported");
        assertThat(ok(k.run("get", "apiservice", "v1.stable.example.com")).out())
                .contains("v1.stable.example.com", "Local");

        ok(k.run("delete", "crd", "crontabs.stable.example.com", "--timeout=60s"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !k.run("get", "crontabs").ok());
        assertThat(ok(k.run("api-resources", "--api-group=stable.example.com")).out())
                .doesNotContain("crontabs");
        assertThat(k.run("get", "apiservice", "v1.stable.example.com").ok()).isFalse();
    }

    @Test
    void aDefinitionWithARuleWrongForItsSchemaIsRefused() {
        Kubectl k = server.kubectl(null);
        String crd = CRD.replace("stable.example.com", "typed.example.com").replace(
                "\n            description: What the cron tab runs, and when.\n",
                "\n            description: What the cron tab runs, and when.\n"
                        + "            x-kubernetes-validations:\n"
                        + "            - rule: self.replicas.startsWith('a')\n");
        Kubectl.Result r = k.input(crd, "apply", "-f", "-");
        assertThat(r.ok()).isFalse();
        assertThat(r.err()).contains("The CustomResourceDefinition \"crontabs.typed.example.com\""
                + " is invalid: spec.validation.openAPIV3Schema.properties[spec]"
                + ".x-kubernetes-validations[0].rule: Invalid value:", "compilation failed: ERROR:"
                + " <input>:1:25: found no matching overload for 'startsWith' applied to"
                + " 'int.(string)'");
        assertThat(k.run("get", "crd", "crontabs.typed.example.com").ok()).isFalse();
    }

    private static String field(Kubectl k, String jsonPath) {
        return ok(k.run("get", "crontab", "nightly", "-o", "jsonpath=" + jsonPath)).out().trim();
    }
}
