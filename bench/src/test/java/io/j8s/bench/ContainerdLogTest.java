package io.j8s.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerdLogTest {

    @Test
    void timesEachCriCallOfAPodFromContainerdsLog() {
        String log = """
                time="2026-12-06T15:10:25.742427436Z" level=info msg="RunPodSandbox for &PodSandboxMetadata{Name:bench-2-0,Uid:5d54,Namespace:default,Attempt:0,}"
                time="2026-12-06T15:10:25.800000000Z" level=info msg="loading plugin" id=x
                time="2026-12-06T15:10:25.863224577Z" level=info msg="RunPodSandbox for &PodSandboxMetadata{Name:bench-2-0,Uid:5d54,Namespace:default,Attempt:0,} returns sandbox id \\"d79d\\""
                time="2026-12-06T15:10:25.879960415Z" level=info msg="CreateContainer within sandbox \\"d79d\\" for container &ContainerMetadata{Name:sleep,Attempt:0,}"
                time="2026-12-06T15:10:25.928499941Z" level=info msg="CreateContainer within sandbox \\"d79d\\" for &ContainerMetadata{Name:sleep,Attempt:0,} returns container id \\"6100\\""
                time="2026-12-06T15:10:25.934724807Z" level=info msg="StartContainer for \\"6100\\""
                time="2026-12-06T15:10:26.062292274Z" level=info msg="StartContainer for \\"6100\\" returns successfully"
                time="2026-12-06T15:10:27.000000000Z" level=info msg="RunPodSandbox for &PodSandboxMetadata{Name:bench-3-0,Uid:aa,Namespace:default,Attempt:0,}"
                """;

        Map<String, ContainerdLog.Timeline> t = ContainerdLog.timelines(log);

        ContainerdLog.Timeline pod = t.get("bench-2-0");
        assertThat(pod.complete()).isTrue();
        assertThat(pod.sandbox().toNanos()).isEqualTo(120_797_141);
        assertThat(pod.betweenCalls().toNanos()).isEqualTo(16_735_838 + 6_224_866);
        assertThat(pod.container().toNanos()).isEqualTo(48_539_526 + 127_567_467);
        assertThat(pod.total()).isEqualTo(Duration.ofNanos(319_864_838));
        assertThat(t.get("bench-3-0").complete()).isFalse();
    }
}
