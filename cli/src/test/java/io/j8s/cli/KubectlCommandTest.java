package io.j8s.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.apiserver.pki.ClusterPki;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KubectlCommandTest {
    @TempDir
    Path dataDir;

    @Test
    void withoutAKubeconfigItSaysToStartTheServer() {
        CommandLine j8s = J8s.commandLine();
        StringWriter err = new StringWriter();
        j8s.setErr(new PrintWriter(err));

        int exit = j8s.execute("kubectl", "--data-dir", dataDir.toString(), "get", "pods");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().trim()).isEqualTo("j8s: no kubeconfig at " + dataDir.resolve("kubeconfig.yaml")
                + ": start the server first with ./j8s server");
    }

    @Test
    void runsKubectlWithTheDataDirsKubeconfig() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(dataDir.resolve("server/tls"), List.of("localhost"),
                List.of("127.0.0.1"));
        pki.writeKubeconfig(dataDir.resolve("kubeconfig.yaml"), "https://127.0.0.1:6443",
                pki.clientCredentials("system:admin", List.of("system:masters")));
        Path out = dataDir.resolve("out.txt");
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("KUBECONFIG", dataDir.resolve("elsewhere.yaml").toString());
        KubectlCommand command = new KubectlCommand();
        command.output = Redirect.to(out.toFile());
        command.environment = environment;

        int exit = new CommandLine(command).execute("--data-dir", dataDir.toString(),
                "config", "view", "--minify");

        String view = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(exit).as(view).isZero();
        assertThat(view).contains("current-context: j8s", "name: j8s", "server: https://127.0.0.1:6443",
                "name: system:admin");
    }

    @Test
    void kubectlsExitCodeAndOptionsPassThrough() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(dataDir.resolve("server/tls"), List.of("localhost"),
                List.of("127.0.0.1"));
        pki.writeKubeconfig(dataDir.resolve("kubeconfig.yaml"), "https://127.0.0.1:6443",
                pki.clientCredentials("system:admin", List.of("system:masters")));
        Path out = dataDir.resolve("out.txt");
        KubectlCommand command = new KubectlCommand();
        command.output = Redirect.to(out.toFile());

        int exit = new CommandLine(command).execute("--data-dir", dataDir.toString(),
                "config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}");
        assertThat(exit).isZero();
        assertThat(Files.readString(out)).isEqualTo("https://127.0.0.1:6443");

        assertThat(new CommandLine(command).execute("--data-dir", dataDir.toString(),
                "config", "use-context", "no-such-context")).isEqualTo(1);
    }

    @Test
    void everythingAfterTheFirstKubectlArgumentIsKubectls() {
        KubectlCommand command = new KubectlCommand();
        new CommandLine(command).parseArgs("-n", "kube-system", "get", "pods", "-o", "yaml",
                "--data-dir", "/x", "--help");

        assertThat(command.dataDir).isNull();
        assertThat(command.kubectlArgs).containsExactly("-n", "kube-system", "get", "pods", "-o", "yaml",
                "--data-dir", "/x", "--help");

        KubectlCommand exec = new KubectlCommand();
        new CommandLine(exec).parseArgs("--data-dir", "/d", "exec", "p", "--", "ls", "-l");
        assertThat(exec.dataDir).isEqualTo(Path.of("/d"));
        assertThat(exec.kubectlArgs).containsExactly("exec", "p", "--", "ls", "-l");
    }

    @Test
    void findsKubectlOnThePathBeforeTheWellKnownPlaces() throws Exception {
        Path bin = Files.createDirectories(dataDir.resolve("bin"));
        Path own = Files.writeString(bin.resolve("kubectl"), "#!/bin/sh\n");
        own.toFile().setExecutable(true);

        assertThat(KubectlCommand.find("/nonexistent:" + bin, List.of(Path.of("/usr/bin/kubectl"))))
                .contains(own);
        assertThat(KubectlCommand.find("/nonexistent", List.of(Path.of("/usr/bin/kubectl"))))
                .contains(Path.of("/usr/bin/kubectl"));
        assertThat(KubectlCommand.find(null, List.of())).isEmpty();
    }
}
