package io.j8s.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.testkit.EtcdServer;
import io.j8s.testkit.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code j8s server} as a user runs it: the runnable jar in its own process. */
class ServerIT {
    private static final Path JAR = Path.of("target/j8s.jar");

    @TempDir
    Path dataDir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    /** A running or finished {@code j8s} process whose stderr goes to a file. */
    private record J8sProcess(Process process, Path stderr) {
        String err() throws IOException {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        }

        void awaitLog(String text, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!err().contains(text)) {
                assertThat(process.isAlive()).as("j8s exited early:\n%s", err()).isTrue();
                assertThat(System.nanoTime()).as("waiting for '%s' in:\n%s", text, err())
                        .isLessThan(deadline);
                Thread.sleep(50);
            }
        }

        int awaitExit(Duration timeout) throws Exception {
            assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                    .as("j8s did not exit within %s:\n%s", timeout, err()).isTrue();
            return process.exitValue();
        }
    }

    private J8sProcess j8s(String... args) throws IOException {
        assertThat(JAR).as("the runnable jar is built by mvn package").exists();
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile(dataDir.getParent(), "j8s-stderr", ".log");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        return new J8sProcess(p, err);
    }

    private J8sProcess server(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("server", "--data-dir", dataDir.toString(),
                "--runtime", "sim", "--disable-agent", "--bind-address", "127.0.0.1",
                "--https-listen-port", Integer.toString(FreePorts.pick())));
        args.addAll(List.of(extra));
        return j8s(args.toArray(String[]::new));
    }

    /** One clear line that says what is wrong, exit code 1, and no stack trace. */
    private static void assertRefused(J8sProcess p, String expected) throws Exception {
        assertThat(p.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
        String err = p.err();
        assertThat(err).contains(expected);
        assertThat(err).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(err.lines().filter(l -> l.startsWith("j8s: "))).hasSize(1);
    }

    @Test
    void startsOpensTheStoreAndStopsCleanlyOnSigterm() throws Exception {
        J8sProcess p = server();
        p.awaitLog("store ready: sqlite " + dataDir.resolve("server/db/state.db"),
                Duration.ofSeconds(30));
        assertThat(dataDir.resolve("server/db/state.db")).exists();
        p.awaitLog("apiserver ready: https://127.0.0.1:", Duration.ofSeconds(30));
        assertThat(dataDir.resolve("kubeconfig.yaml")).exists();

        p.process().destroy(); // SIGTERM
        assertThat(p.awaitExit(Duration.ofSeconds(30))).isZero();
        assertThat(p.err()).contains("j8s server stopped");
        assertThat(Files.readString(dataDir.resolve("server/logs/j8s.0.log")))
                .contains("store ready").contains("j8s server stopped");
    }

    @Test
    void theServerDirectoryAndEverySecretInItArePrivateAfterEveryStart() throws Exception {
        J8sProcess first = server();
        first.awaitLog("apiserver ready", Duration.ofSeconds(60));
        first.process().destroy();
        assertThat(first.awaitExit(Duration.ofSeconds(30))).isZero();
        // an install from before, or one a user opened up: everything readable by everyone
        try (var all = Files.walk(dataDir)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }

        J8sProcess second = server();
        second.awaitLog("apiserver ready", Duration.ofSeconds(60));
        Path server = dataDir.resolve("server");
        List<Path> privateDirs = List.of(server, server.resolve("db"), server.resolve("tls"),
                server.resolve("cred"));
        List<Path> secrets = new ArrayList<>(List.of(dataDir.resolve("kubeconfig.yaml"),
                server.resolve("db/state.db"), server.resolve("db/state.db-wal"),
                server.resolve("db/state.db-shm")));
        try (var files = Files.list(server.resolve("tls"))) {
            files.filter(f -> f.toString().endsWith(".key")).forEach(secrets::add);
        }
        try (var files = Files.list(server.resolve("cred"))) {
            files.forEach(secrets::add);
        }
        assertThat(secrets).hasSizeGreaterThan(10);
        for (Path d : privateDirs) {
            assertThat(mode(d)).as(d.toString()).isEqualTo("rwx------");
        }
        for (Path f : secrets) {
            assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------");
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aSecondServerOnTheSameDataDirIsRefused() throws Exception {
        J8sProcess first = server();
        first.awaitLog("store ready", Duration.ofSeconds(30));
        assertRefused(server(), "another j8s server (pid "
                + first.process().pid() + ") is using " + dataDir);
        assertThat(first.process().isAlive()).isTrue();
    }

    @Test
    void anUnknownFlagIsOneLineAndExitCodeOne() throws Exception {
        assertRefused(server("--no-such-flag"), "Unknown option: '--no-such-flag'");
        assertRefused(server("--runtime", "docker"), "--runtime");
    }

    @Test
    void badWatchTimeoutsAndCompactionIntervalsAreRefused() throws Exception {
        assertRefused(server("--etcd-compaction-interval", "5x"),
                "'5x' is not a duration");
        assertRefused(server("--etcd-compaction-interval", "-1m"),
                "'-1m' is not a duration");
        assertRefused(server("--min-request-timeout", "soon"), "--min-request-timeout");
        assertRefused(server("--min-request-timeout", "-5"),
                "--min-request-timeout must be 0 or more seconds, not -5");
    }

    @Test
    void helpNamesTheWatchTimeoutAndCompactionFlags() {
        java.io.StringWriter help = new java.io.StringWriter();
        picocli.CommandLine cl = J8s.commandLine();
        cl.setOut(new java.io.PrintWriter(help));
        assertThat(cl.execute("server", "--help")).isZero();
        assertThat(help.toString()).contains("--min-request-timeout=SECONDS")
                .contains("--etcd-compaction-interval=DURATION").contains("Default: 5m")
                .contains("Default: 1800");
    }

    @Test
    void malformedSecurityConfigurationFilesAreRefusedNamingTheLine() throws Exception {
        Path bad = dataDir.getParent().resolve("bad-" + System.nanoTime() + ".yaml");
        Files.writeString(bad, "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n"
                + "- level: Loud\n");
        assertRefused(server("--audit-policy-file", bad.toString(), "--audit-log-path", "-"),
                bad + ": line 4: rules[0].level: \"Loud\" must be one of None");
        Files.writeString(bad, "apiVersion: apiserver.config.k8s.io/v1\nkind:"
                + " EncryptionConfiguration\nresources:\n- resources: [secrets]\n  providers:\n"
                + "  - aescbc:\n      keys:\n      - name: k\n        secret: c2hvcnQ=\n");
        assertRefused(server("--encryption-provider-config", bad.toString()),
                bad + ": line 9: aescbc key \"k\" is 5 bytes");
        assertRefused(server("--pod-security-default", "strict"),
                "--pod-security-default must be privileged, baseline or restricted");
        Files.delete(bad);
    }

    @Test
    void unknownAdmissionPluginsAndAuthorizationModesAreRefusedByName() throws Exception {
        assertRefused(server("--enable-admission-plugins", "LimitRanger,Magic",
                "--disable-admission-plugins", "Sorcery"), "unknown admission plugins Magic,"
                + " Sorcery");
        assertRefused(server("--enable-admission-plugins", "AlwaysPullImages"),
                "admission plugin AlwaysPullImages not served by j8s yet");
        assertRefused(server("--enable-admission-plugins", "Priority",
                "--disable-admission-plugins", "Priority"), "Priority in both");
        assertRefused(server("--authorization-mode", "AlwaysAllow,Wizardry"),
                "unknown authorization mode Wizardry");
        assertRefused(server("--authorization-mode", "Node,Webhook"),
                "authorization mode Webhook is not served by j8s yet");
        assertRefused(server("--client-ca-file", dataDir.resolve("nope.crt").toString()),
                "--client-ca-file " + dataDir.resolve("nope.crt") + " does not exist");
        assertRefused(server("--max-mutating-requests-inflight", "-1"),
                "--max-mutating-requests-inflight must be 0 (no limit) or more");
    }

    @Test
    void anUnknownDatastoreSchemeIsRefused() throws Exception {
        assertRefused(server("--datastore-endpoint", "mysql://root@tcp(127.0.0.1:3306)/k3s"),
                "unknown scheme 'mysql'");
    }

    @Test
    void anUnreachableEtcdFailsWithinTenSecondsNamingTheEndpoint() throws Exception {
        String endpoint = "http://127.0.0.1:" + FreePorts.pick();
        long start = System.nanoTime();
        J8sProcess p = server("--datastore-endpoint", endpoint);
        assertRefused(p, "etcd at " + endpoint + " did not answer");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aCorruptDatabaseIsRefusedAndLeftAlone() throws Exception {
        Path db = dataDir.resolve("server/db/state.db");
        Files.createDirectories(db.getParent());
        byte[] garbage = new byte[32 * 1024];
        new Random(7).nextBytes(garbage);
        Files.write(db, garbage);
        assertRefused(server(), "cannot be read");
        assertThat(Files.readAllBytes(db)).isEqualTo(garbage);
    }

    @Test
    void aDataDirThatCannotBeCreatedIsRefused() throws Exception {
        Path file = dataDir.resolve("a-file");
        Files.writeString(file, "not a directory");
        assertRefused(j8s("server", "--data-dir", file.resolve("j8s").toString()),
                "cannot create data dir");
    }

    @Test
    void runsOnARealEtcd() throws Exception {
        try (EtcdServer etcd = EtcdServer.start()) {
            J8sProcess p = server("--datastore-endpoint", etcd.endpoint());
            p.awaitLog("store ready: etcd " + etcd.endpoint(), Duration.ofSeconds(30));
            p.awaitLog("apiserver ready", Duration.ofSeconds(60));
            p.process().destroy();
            assertThat(p.awaitExit(Duration.ofSeconds(30))).isZero();
        }
    }
}
