package io.j8s.scheduler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigFileTest {
    private static final Set<String> REGISTERED = Set.copyOf(DefaultProfile.names());

    @Test
    void withoutAFileTheDefaultProfileHasUpstreamsPluginsAndWeights() {
        SchedulerConfiguration c = ConfigFile.load(null, REGISTERED);
        Profile p = c.profiles().get(0);
        assertThat(p.schedulerName()).isEqualTo("default-scheduler");
        assertThat(p.weights()).containsEntry("TaintToleration", 3).containsEntry("NodeAffinity", 2)
                .containsEntry("PodTopologySpread", 2).containsEntry("InterPodAffinity", 2)
                .containsEntry("NodeResourcesFit", 1).containsEntry("NodeResourcesBalancedAllocation", 1)
                .containsEntry("ImageLocality", 1);
        assertThat(c.parallelism()).isEqualTo(16);
        assertThat(c.podMaxBackoff()).hasSeconds(10);
    }

    @Test
    void theDefaultProfileSkipsPluginsTheRegistryLacks() {
        Profile p = ConfigFile.load(null, Set.of("PrioritySort", "DefaultBinder")).profiles().get(0);
        assertThat(p.pluginNames()).containsExactly("PrioritySort", "DefaultBinder");
    }

    @Test
    void profilesDisableEnableAndWeighPlugins() {
        SchedulerConfiguration c = parse("""
                apiVersion: kubescheduler.config.k8s.io/v1
                kind: KubeSchedulerConfiguration
                percentageOfNodesToScore: 30
                profiles:
                - schedulerName: default-scheduler
                - schedulerName: no-scoring
                  plugins:
                    score:
                      disabled: [{name: "*"}]
                      enabled: [{name: ImageLocality, weight: 7}]
                  pluginConfig:
                  - name: NodeResourcesFit
                    args: {scoringStrategy: {type: MostAllocated}}
                """);
        Profile p = c.profiles().get(1);
        assertThat(p.enabled("score")).containsExactly("ImageLocality");
        assertThat(p.weight("ImageLocality")).isEqualTo(7);
        assertThat(p.enabled("filter")).contains("NodeResourcesFit", "TaintToleration");
        assertThat(p.args().get("NodeResourcesFit").path("scoringStrategy").path("type").asText())
                .isEqualTo("MostAllocated");
        assertThat(c.percentageOfNodesToScore()).isEqualTo(30);
    }

    @Test
    void mistakesNameTheField() {
        String head = "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n";
        assertThatThrownBy(() -> parse(head + "profiles:\n- schedulerName: s\n  plugins:\n    filter:\n"
                + "      enabled: [{name: NoSuchPlugin}]\n"))
                .hasMessageContaining("profiles[0].plugins.filter.enabled[0].name")
                .hasMessageContaining("NoSuchPlugin");
        assertThatThrownBy(() -> parse(head + "profiles:\n- schedulerName: s\n  plugins:\n    score:\n"
                + "      enabled: [{name: ImageLocality, weight: 1000}]\n"))
                .hasMessageContaining("profiles[0].plugins.score.enabled[0].weight: Invalid value: 1000");
        assertThatThrownBy(() -> parse(head + "profiles:\n- schedulerName: s\n  plugin: {}\n"))
                .hasMessageContaining("profiles[0].plugin: unknown field");
        assertThatThrownBy(() -> parse(head + "parallelism: 0\n")).hasMessageContaining("parallelism");
        assertThatThrownBy(() -> parse("apiVersion: v1\nkind: KubeSchedulerConfiguration\n"))
                .hasMessageContaining("apiVersion");
        assertThatThrownBy(() -> parse(head + "profiles:\n- schedulerName: a\n- schedulerName: a\n"))
                .hasMessageContaining("profiles[1].schedulerName: Duplicate value");
    }

    private static SchedulerConfiguration parse(String yaml) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
            return ConfigFile.parse(root, REGISTERED);
        } catch (java.io.IOException e) {
            throw new RuntimeException(e);
        }
    }
}
