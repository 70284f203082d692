package io.j8s.kubelet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real routes, as root: installed, installed again (idempotent), removed, and nothing else
 * touched. Uses test ranges of its own (documentation-like 10.242/16 and 10.243/16), not j8s's
 * defaults, so that it never removes the routes of a j8s running on this machine.
 */
class BlackholeRoutesIT {
    private static final List<String> CIDRS = List.of("10.242.0.0/16", "10.243.0.0/16");
    private final BlackholeRoutes routes = new BlackholeRoutes(CIDRS);

    @AfterEach
    void removeWhatIsLeft() {
        routes.remove();
    }

    @Test
    void installIsIdempotentAndRemoveTakesExactlyItsRoutes() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        BlackholeRoutes other = new BlackholeRoutes(List.of("10.244.0.0/16"));
        try {
            assertThat(other.install()).isTrue();
            assertThat(routes.install()).isTrue();
            assertThat(routes.install()).as("a second install").isTrue();
            assertThat(routes.installed()).containsExactlyElementsOf(CIDRS);
            assertThat(ipRoutes()).contains("blackhole 10.242.0.0/16", "blackhole 10.243.0.0/16");

            assertThat(routes.remove()).containsExactlyElementsOf(CIDRS);
            assertThat(routes.installed()).isEmpty();
            assertThat(ipRoutes()).doesNotContain("10.242.0.0/16", "10.243.0.0/16")
                    .contains("blackhole 10.244.0.0/16");
            assertThat(routes.remove()).as("removing again").isEmpty();
        } finally {
            other.remove();
        }
        assertThat(ipRoutes()).doesNotContain("10.244.0.0/16");
    }

    private static String ipRoutes() throws Exception {
        Process p = new ProcessBuilder("ip", "route", "show", "type", "blackhole")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
