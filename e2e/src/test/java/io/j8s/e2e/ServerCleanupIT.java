package io.j8s.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.j8s.testkit.Directories;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code j8s server --cleanup} as root: removes the blackhole routes of the pod and service ranges
 * and exits 0 without starting a server. Uses ranges of its own (--cluster-cidr and
 * --service-cidr), so it never touches the routes of a j8s running on this machine.
 */
class ServerCleanupIT {
    private static final Path JAR = Path.of("../cli/target/j8s.jar");
    private static final String CLUSTER = "10.246.0.0/16";
    private static final String SERVICE = "10.247.0.0/16";

    @Test
    void cleanupRemovesTheBlackholeRoutesAndExits() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        Path dir = Files.createTempDirectory("j8s-cleanup");
        try {
            ip("route", "replace", "blackhole", CLUSTER);
            ip("route", "replace", "blackhole", SERVICE);
            assertThat(ip("route", "show", "type", "blackhole")).contains(CLUSTER, SERVICE);

            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-jar", JAR.toString(), "server", "--cleanup", "--data-dir",
                    dir.toString(), "--cluster-cidr", CLUSTER, "--service-cidr", SERVICE)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("blackhole routes removed").doesNotContain("apiserver ready");
            assertThat(ip("route", "show", "type", "blackhole")).doesNotContain(CLUSTER, SERVICE);
        } finally {
            ip("route", "del", "blackhole", CLUSTER);
            ip("route", "del", "blackhole", SERVICE);
            Directories.deleteRecursively(dir);
        }
    }

    private static String ip(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "ip";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
