package io.j8s.controllers.endpointslice;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Where endpoints go: full slices, and as few slices touched as a change allows. */
class SlicePlanTest {
    private static final List<EndpointPort> HTTP = List.of(new EndpointPortBuilder()
            .withName("http").withPort(8080).withProtocol("TCP").build());
    private static final EndpointSlice TEMPLATE = new EndpointSliceBuilder().withNewMetadata()
            .withGenerateName("web-").addToLabels("kubernetes.io/service-name", "web")
            .endMetadata().withAddressType("IPv4").build();

    private static Endpoint ep(int i) {
        return new EndpointBuilder().withAddresses("10.0." + (i / 250) + "." + (i % 250))
                .withNewConditions().withReady(true).endConditions().withNewTargetRef()
                .withKind("Pod").withName("p" + i).withUid("u" + i).endTargetRef().build();
    }

    private static Map<String, SlicePlan.Wanted> wanted(List<EndpointPort> ports,
            IntStream ids) {
        Map<String, Endpoint> eps = new LinkedHashMap<>();
        ids.forEach(i -> eps.put("u" + i + "/p" + i, ep(i)));
        return Map.of(SlicePlan.portsKey(ports), new SlicePlan.Wanted(ports, eps));
    }

    private static EndpointSlice slice(String name, IntStream ids) {
        return new EndpointSliceBuilder(TEMPLATE).editMetadata().withName(name).endMetadata()
                .withPorts(HTTP).withEndpoints(ids.mapToObj(SlicePlanTest::ep).toList()).build();
    }

    private static SlicePlan plan(Map<String, SlicePlan.Wanted> wanted,
            List<EndpointSlice> existing) {
        return SlicePlan.of(wanted, existing, TEMPLATE, 100,
                EndpointSliceController::endpointKey);
    }

    @Test
    void twoHundredFiftyEndpointsFillThreeSlices() {
        SlicePlan p = plan(wanted(HTTP, IntStream.range(0, 250)), List.of());
        assertThat(p.create()).extracting(s -> s.getEndpoints().size())
                .containsExactly(100, 100, 50);
        assertThat(p.update()).isEmpty();
        assertThat(p.delete()).isEmpty();
    }

    @Test
    void aChangeTouchesOnlyTheSlicesItMust() {
        List<EndpointSlice> existing = List.of(slice("a", IntStream.range(0, 100)),
                slice("b", IntStream.range(100, 200)), slice("c", IntStream.range(200, 250)));
        List<Integer> now = new ArrayList<>(IntStream.range(1, 252).boxed().toList());
        SlicePlan p = plan(wanted(HTTP, now.stream().mapToInt(Integer::intValue)), existing);
        // p0 left slice a, which takes one newcomer; the other goes to c, which has room
        assertThat(p.update()).extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("a", "c");
        assertThat(p.update()).extracting(s -> s.getEndpoints().size())
                .containsExactlyInAnyOrder(100, 51);
        assertThat(p.create()).isEmpty();
        assertThat(p.delete()).isEmpty();

        assertThat(plan(wanted(HTTP, IntStream.range(0, 250)), existing).update()).isEmpty();
    }

    @Test
    void newPortsReplaceTheSlicesAndNoEndpointsLeaveOnePlaceholder() {
        List<EndpointSlice> existing = List.of(slice("a", IntStream.range(0, 10)));
        List<EndpointPort> https = List.of(new EndpointPortBuilder().withName("https")
                .withPort(8443).withProtocol("TCP").build());
        SlicePlan p = plan(wanted(https, IntStream.range(0, 10)), existing);
        assertThat(p.delete()).extracting(s -> s.getMetadata().getName()).containsExactly("a");
        assertThat(p.create()).singleElement().satisfies(s -> assertThat(s.getPorts())
                .isEqualTo(https));

        SlicePlan empty = plan(Map.of(), existing);
        assertThat(empty.delete()).extracting(s -> s.getMetadata().getName())
                .containsExactly("a");
        assertThat(empty.create()).singleElement().satisfies(s -> assertThat(s.getEndpoints())
                .isEmpty());
    }
}
