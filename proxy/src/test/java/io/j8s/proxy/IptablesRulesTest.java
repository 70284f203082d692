package io.j8s.proxy;

import static io.j8s.proxy.TestServices.NET;
import static io.j8s.proxy.TestServices.nodePort;
import static io.j8s.proxy.TestServices.ports;
import static io.j8s.proxy.TestServices.service;
import static io.j8s.proxy.TestServices.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IptablesRulesTest {
    private static List<Fragment> fragments(List<ServicePort> ports) {
        return ports.stream().map(p -> IptablesRules.fragment(p, NET)).toList();
    }

    @Test
    void aClusterIpSpreadsEvenlyOverItsEndpoints() {
        String restore = IptablesBatch.full(NET, fragments(ports(service("web", "10.43.0.20")
                .build(), slice("web", "10.42.0.5", "10.42.0.6", "10.42.0.7"))), Set.of());
        assertThat(restore).containsPattern("-A J8S-SERVICES .*-d 10\\.43\\.0\\.20/32 -p tcp -m tcp"
                + " --dport 80 -j J8S-SVC-\\w{12}");
        assertThat(restore).contains("--probability 0.3333333333 -j J8S-SVC-",
                "--probability 0.5000000000 -j J8S-SVC-", "-j DNAT --to-destination 10.42.0.7:8080");
        // the NodePort jump stays the last line of J8S-SERVICES, the unassigned reject of J8S-FILTER
        assertThat(restore).containsPattern("-j J8S-SVC-\\w+\n-A J8S-SERVICES -m addrtype"
                + " --dst-type LOCAL -j J8S-NODEPORTS\n");
        assertThat(restore).contains("-A J8S-FILTER -d 10.43.0.0/16 -j REJECT");
        assertThat(restore).startsWith("*nat\n").contains("COMMIT\n*filter\n").endsWith("COMMIT\n");
    }

    @Test
    void noEndpointsRejectAndLocalPolicyWithoutLocalEndpointsDrops() {
        List<Fragment> f = new ArrayList<>(fragments(ports(service("empty", "10.43.0.30").build())));
        f.addAll(fragments(ports(nodePort("np", "10.43.0.40", 30080, "Local"),
                slice("np", "10.42.1.5@n2"))));
        String restore = IptablesBatch.full(NET, f, Set.of());
        assertThat(restore).contains("-d 10.43.0.30/32 -p tcp -m tcp --dport 80 -j REJECT",
                "-m addrtype --dst-type LOCAL -p tcp -m tcp --dport 30080 -j DROP");
    }

    @Test
    void affinityUsesRecent() {
        var svc = service("sticky", "10.43.0.50").editSpec().withSessionAffinity("ClientIP")
                .endSpec().build();
        String restore = IptablesBatch.full(NET, fragments(ports(svc, slice("sticky", "10.42.0.5",
                "10.42.0.6"))), Set.of());
        assertThat(restore).contains("--rcheck --seconds 10800 --reap -j J8S-SVC-", "--set -m tcp"
                + " -j DNAT");
    }

    @Test
    void anEndpointChangeRestoresOnlyTheChainsItTouchesAndStaleChainsGo() {
        var web = fragments(ports(service("web", "10.43.0.20").build(),
                slice("web", "10.42.0.5", "10.42.0.6")));
        var moved = fragments(ports(service("web", "10.43.0.20").build(),
                slice("web", "10.42.0.5", "10.42.0.7")));
        String restore = IptablesBatch.delta(NET, moved, Fragment.delta(web, moved));
        assertThat(restore).doesNotContain(":J8S-SERVICES", ":J8S-FILTER")
                .contains(":J8S-SVC-", "-X J8S-SVC-", "DNAT --to-destination 10.42.0.7:8080")
                .doesNotContain("10.42.0.5:8080");
        String full = IptablesBatch.full(NET, moved, Set.of("nat J8S-SVC-OLDOLDOLDOLDOLDO"));
        assertThat(full).contains(":J8S-SVC-OLDOLDOLDOLDOLDO - [0:0]", "-X J8S-SVC-OLDOLDOLDOLDOLDO");
    }

    @Test
    void theKernelTakesTheRestore() {
        assumeTrue("root".equals(System.getProperty("user.name")), "iptables-restore needs root");
        List<Fragment> f = new ArrayList<>(fragments(ports(service("sticky", "10.43.0.50")
                .editSpec().withSessionAffinity("ClientIP").endSpec().build(),
                slice("sticky", "10.42.0.5", "10.42.0.6"))));
        f.addAll(fragments(ports(nodePort("np", "10.43.0.40", 30080, "Local"),
                slice("np", "10.42.0.5@n1", "10.42.1.5@n2"))));
        f.addAll(fragments(ports(service("empty", "10.43.0.30").build())));
        Commands.Result check = Commands.run(IptablesBatch.full(NET, f, Set.of()),
                "iptables-restore", "--test", "--noflush");
        assertThat(check.exit()).as(check.output()).isZero();
    }
}
