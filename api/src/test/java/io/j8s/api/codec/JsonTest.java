package io.j8s.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void aLeaseWithItsMicroTimeRenewTimeDecodesAndEncodesAsItCame() {
        // What a kubelet's heartbeat writes: renewTime is a MicroTime (fabric8: ZonedDateTime).
        String json = "{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\","
                + "\"metadata\":{\"name\":\"vm\",\"namespace\":\"kube-node-lease\"},"
                + "\"spec\":{\"holderIdentity\":\"vm\",\"leaseDurationSeconds\":40,"
                + "\"renewTime\":\"2026-12-06T15:15:17.784123Z\"}}";
        Lease lease = Json.convert(Json.parseObject(json.getBytes(StandardCharsets.UTF_8), false),
                Lease.class);
        assertThat(lease.getSpec().getRenewTime().getNano()).isEqualTo(784_123_000);
        assertThat(new String(Json.bytes(lease), StandardCharsets.UTF_8))
                .contains("\"renewTime\":\"2026-12-06T15:15:17.784123Z\"");
    }
}
