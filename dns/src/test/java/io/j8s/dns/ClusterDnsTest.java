package io.j8s.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.testcluster.TestCluster;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The cluster DNS server against a real API server, asked with dnsjava's resolver. */
class ClusterDnsTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();
    static FakeUpstream upstream;
    static FakeUpstream silent;
    static ClusterDns dns;
    static ClusterDns deaf;

    @BeforeAll
    static void start() throws Exception {
        KubernetesClient c = cluster.admin();
        c.services().inNamespace("default").resource(service("web", "ClusterIP", null)).create();
        c.services().inNamespace("default").resource(service("db", "ClusterIP", "None")).create();
        c.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata()
                .withName("ext").endMetadata().withNewSpec().withType("ExternalName")
                .withExternalName("example.org").endSpec().build()).create();
        List<EndpointBuilder> eps = List.of(endpoint("10.42.0.5", "db-0", true),
                endpoint("10.42.0.6", null, true), endpoint("10.42.0.7", "db-2", false));
        c.discovery().v1().endpointSlices().inNamespace("default").resource(slice("db", "db-1", eps))
                .create();
        upstream = new FakeUpstream(false);
        silent = new FakeUpstream(true);
        dns = ClusterDns.builder().client(c).address(InetAddress.getByName("127.0.0.1")).port(0)
                .upstreams(List.of(upstream.address())).start();
        deaf = ClusterDns.builder().client(c).address(InetAddress.getByName("127.0.0.1")).port(0)
                .upstreams(List.of(silent.address())).upstreamTimeout(Duration.ofMillis(300))
                .start();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable a : new AutoCloseable[] {dns, deaf, upstream, silent}) {
            try {
                if (a != null) {
                    a.close();
                }
            } catch (Exception e) {
                // next
            }
        }
    }

    @Test
    void clusterIpServiceHasAddressSrvAndPtr() throws Exception {
        String ip = cluster.admin().services().inNamespace("default").withName("web").get()
                .getSpec().getClusterIP();
        assertThat(addresses("web.default.svc.cluster.local", Type.A)).containsExactly(ip);
        Message srv = ask("_http._tcp.web.default.svc.cluster.local", Type.SRV, false);
        assertThat(srv.getSection(Section.ANSWER)).singleElement().asString()
                .contains("0 100 80 web.default.svc.cluster.local.");
        assertThat(srv.getSection(Section.ADDITIONAL)).anyMatch(r -> r.rdataToString().equals(ip));
        Message ptr = ask(ReverseMap.fromAddress(ip).toString(), Type.PTR, false);
        assertThat(ptr.getSection(Section.ANSWER)).singleElement()
                .extracting(Record::rdataToString).isEqualTo("web.default.svc.cluster.local.");
        Message aaaa = ask("web.default.svc.cluster.local", Type.AAAA, false);
        assertThat(aaaa.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(aaaa.getSection(Section.ANSWER)).isEmpty();
        assertThat(aaaa.getSection(Section.AUTHORITY)).anyMatch(r -> r.getType() == Type.SOA);
    }

    @Test
    void headlessServiceAnswersReadyEndpointsAndTheirHostnames() throws Exception {
        assertThat(addresses("db.default.svc.cluster.local", Type.A))
                .containsExactlyInAnyOrder("10.42.0.5", "10.42.0.6");
        assertThat(addresses("db-0.db.default.svc.cluster.local", Type.A)).containsExactly("10.42.0.5");
        assertThat(addresses("10-42-0-6.db.default.svc.cluster.local", Type.A))
                .containsExactly("10.42.0.6");
        assertThat(ask("db-2.db.default.svc.cluster.local", Type.A, false).getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
        Message srv = ask("_pg._tcp.db.default.svc.cluster.local", Type.SRV, false);
        assertThat(srv.getSection(Section.ANSWER)).extracting(Record::rdataToString)
                .containsExactlyInAnyOrder("0 50 5432 db-0.db.default.svc.cluster.local.",
                        "0 50 5432 10-42-0-6.db.default.svc.cluster.local.");
        Message ptr = ask(ReverseMap.fromAddress("10.42.0.5").toString(), Type.PTR, false);
        assertThat(ptr.getSection(Section.ANSWER)).extracting(Record::rdataToString)
                .containsExactly("db-0.db.default.svc.cluster.local.");
    }

    @Test
    void externalNameIsACnameAndPodNamesAreTheirAddress() throws Exception {
        Message ext = ask("ext.default.svc.cluster.local", Type.A, false);
        assertThat(ext.getSection(Section.ANSWER)).singleElement()
                .satisfies(r -> assertThat(r.getType()).isEqualTo(Type.CNAME))
                .extracting(Record::rdataToString).isEqualTo("example.org.");
        assertThat(addresses("10-42-1-9.default.pod.cluster.local", Type.A)).containsExactly("10.42.1.9");
        assertThat(ask("not-an-ip.default.pod.cluster.local", Type.A, false).getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void unknownNamesAreNxdomainWithTheSoaAndParentsAreNodata() throws Exception {
        // what a pod's search path tries first for kubernetes.default
        Message nx = ask("web.default.default.svc.cluster.local", Type.A, false);
        assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(nx.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(nx.getSection(Section.AUTHORITY)).singleElement()
                .satisfies(r -> assertThat(r.getType()).isEqualTo(Type.SOA));
        Message parent = ask("default.svc.cluster.local", Type.A, false);
        assertThat(parent.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(parent.getSection(Section.ANSWER)).isEmpty();
        assertThat(ask("cluster.local", Type.SOA, false).getSection(Section.ANSWER)).hasSize(1);
    }

    @Test
    void bigAnswersAreTruncatedOverUdpAndWholeOverTcp() throws Exception {
        List<EndpointBuilder> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            many.add(endpoint("10.42.3." + (i + 1), null, true));
        }
        KubernetesClient c = cluster.admin();
        c.services().inNamespace("default").resource(service("big", "ClusterIP", "None")).create();
        c.discovery().v1().endpointSlices().inNamespace("default").resource(slice("big", "big-1", many))
                .create();
        await().atMost(Duration.ofSeconds(10)).until(() -> ask("big.default.svc.cluster.local",
                Type.A, true).getSection(Section.ANSWER).size() == 60);
        Message udp = ask("big.default.svc.cluster.local", Type.A, false);
        assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(udp.toWire().length).isLessThanOrEqualTo(512);
        assertThat(udp.getSection(Section.ANSWER).size()).isLessThan(60);
    }

    @Test
    void garbageGetsFormerrAndTheServerGoesOn() throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(2000);
            byte[] junk = {0x12, 0x34, 0x01, 0x00, 0x00, 0x05, (byte) 0xff, 0x7f, 0x01, 0x02, 0x03,
                0x04, 0x05, 0x06, 0x07};
            s.send(new DatagramPacket(junk, junk.length,
                    new InetSocketAddress("127.0.0.1", dns.port())));
            DatagramPacket p = new DatagramPacket(new byte[512], 512);
            s.receive(p);
            assertThat(p.getData()[0]).isEqualTo((byte) 0x12);
            assertThat(p.getData()[1]).isEqualTo((byte) 0x34);
            assertThat(p.getData()[3] & 0x0f).isEqualTo(Rcode.FORMERR);
        }
        assertThat(addresses("web.default.svc.cluster.local", Type.A)).hasSize(1);
    }

    @Test
    void otherNamesGoUpstreamAndAnUnansweredOneGetsServfailFast() throws Exception {
        assertThat(addresses("www.example.com", Type.A)).containsExactly(FakeUpstream.ANSWER);
        assertThat(upstream.queries()).isGreaterThan(0);
        SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", deaf.port()));
        r.setTimeout(Duration.ofSeconds(5));
        long t0 = System.nanoTime();
        Message m = r.send(Message.newQuery(Record.newRecord(Name.fromString("www.example.com."),
                Type.A, 1)));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(m.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(millis).isLessThan(1500);
        assertThat(silent.queries()).isGreaterThan(0);
    }

    @Test
    void theIndexFollowsUpdatesAndDeletes() throws Exception {
        KubernetesClient c = cluster.admin();
        c.services().inNamespace("default").resource(service("moving", "ClusterIP", "None")).create();
        c.discovery().v1().endpointSlices().inNamespace("default")
                .resource(slice("moving", "moving-1", List.of(endpoint("10.42.4.1", null, true))))
                .create();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                addresses("moving.default.svc.cluster.local", Type.A).equals(List.of("10.42.4.1")));
        c.discovery().v1().endpointSlices().inNamespace("default")
                .resource(slice("moving", "moving-1", List.of(endpoint("10.42.4.2", null, true))))
                .update();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                addresses("moving.default.svc.cluster.local", Type.A).equals(List.of("10.42.4.2")));
        c.services().inNamespace("default").withName("moving").delete();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                ask("moving.default.svc.cluster.local", Type.A, false).getRcode() == Rcode.NXDOMAIN);
    }

    private static List<String> addresses(String name, int type) throws Exception {
        return ask(name, type, false).getSection(Section.ANSWER).stream()
                .filter(r -> r.getType() == type).map(Record::rdataToString).toList();
    }

    static Message ask(String name, int type, boolean tcp) throws Exception {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", dns.port()));
        r.setTCP(tcp);
        r.setIgnoreTruncation(true);
        r.setEDNS(-1);
        r.setTimeout(Duration.ofSeconds(3));
        return r.send(Message.newQuery(Record.newRecord(
                Name.fromString(name.endsWith(".") ? name : name + "."), type, 1)));
    }

    private static Service service(String name, String type, String clusterIp) {
        return new ServiceBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withType(type).withClusterIP(clusterIp).withSelector(Map.of("app", name))
                .addNewPort().withName(name.equals("db") ? "pg" : "http").withProtocol("TCP")
                .withPort(name.equals("db") ? 5432 : 80).endPort().endSpec().build();
    }

    private static EndpointBuilder endpoint(String ip, String hostname, boolean ready) {
        return new EndpointBuilder().withAddresses(ip).withHostname(hostname).withNewConditions()
                .withReady(ready).endConditions();
    }

    private static EndpointSlice slice(String service, String name, List<EndpointBuilder> eps) {
        return new EndpointSliceBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of("kubernetes.io/service-name", service,
                        "endpointslice.kubernetes.io/managed-by", "test"))
                .endMetadata().withAddressType("IPv4")
                .withEndpoints(eps.stream().map(EndpointBuilder::build).toList())
                .addNewPort().withName(service.equals("db") ? "pg" : "http").withProtocol("TCP")
                .withPort(service.equals("db") ? 5432 : 80).endPort().build();
    }
}
