package io.j8s.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SchedulerConfigFlagTest {
    @Test
    void aBadSchedulerConfigStopsTheServerAtStartNamingTheField(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("scheduler.yaml");
        Files.writeString(config, """
                apiVersion: kubescheduler.config.k8s.io/v1
                kind: KubeSchedulerConfiguration
                profiles:
                - schedulerName: default-scheduler
                  plugins:
                    score:
                      enabled: [{name: PrioritySort, weight: 500}]
                """);
        CommandLine cl = J8s.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("server", "--data-dir", dir.resolve("data").toString(),
                "--scheduler-config", config.toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("j8s: scheduler config: profiles[0].plugins.score.enabled[0]"
                + ".weight: Invalid value: 500: must be in the range [1, 100]\n");
        assertThat(dir.resolve("data")).doesNotExist();
    }
}
