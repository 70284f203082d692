package io.j8s.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TestClusterTest {
    @RegisterExtension
    static final TestCluster cluster = new TestCluster();

    @Test
    void theClientReachesTheApiServer() {
        assertThat(cluster.client().namespaces().withName("default").get()).isNotNull();
    }
}
