package io.j8s.scheduler.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.j8s.scheduler.framework.EnqueueExtensions;
import io.j8s.scheduler.framework.FilterPlugin;
import io.j8s.scheduler.framework.FrameworkHandle;
import io.j8s.scheduler.framework.Plugin;
import io.j8s.scheduler.framework.PluginFactory;
import io.j8s.scheduler.framework.PreEnqueuePlugin;
import io.j8s.scheduler.framework.PreFilterPlugin;
import io.j8s.scheduler.plugins.defaultbinder.DefaultBinder;
import io.j8s.scheduler.plugins.imagelocality.ImageLocality;
import io.j8s.scheduler.plugins.nodeaffinity.NodeAffinity;
import io.j8s.scheduler.plugins.nodename.NodeName;
import io.j8s.scheduler.plugins.nodeports.NodePorts;
import io.j8s.scheduler.plugins.noderesources.BalancedAllocation;
import io.j8s.scheduler.plugins.noderesources.NodeResourcesFit;
import io.j8s.scheduler.plugins.nodeunschedulable.NodeUnschedulable;
import io.j8s.scheduler.plugins.prioritysort.PrioritySort;
import io.j8s.scheduler.plugins.schedulinggates.SchedulingGates;
import io.j8s.scheduler.plugins.tainttoleration.TaintToleration;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every in-tree plugin owes the registry: a public NAME equal to {@code name()}, a
 * {@code (JsonNode args, FrameworkHandle)} constructor that takes null and empty args as the
 * defaults, and, for a plugin that can reject a pod, the cluster events that may make it fit.
 */
class BasicPluginsContractTest {
    static final Map<String, PluginFactory> PLUGINS = Map.ofEntries(
            Map.entry(PrioritySort.NAME, PrioritySort::new),
            Map.entry(SchedulingGates.NAME, SchedulingGates::new),
            Map.entry(NodeUnschedulable.NAME, NodeUnschedulable::new),
            Map.entry(NodeName.NAME, NodeName::new),
            Map.entry(NodePorts.NAME, NodePorts::new),
            Map.entry(NodeResourcesFit.NAME, NodeResourcesFit::new),
            Map.entry(BalancedAllocation.NAME, BalancedAllocation::new),
            Map.entry(NodeAffinity.NAME, NodeAffinity::new),
            Map.entry(TaintToleration.NAME, TaintToleration::new),
            Map.entry(ImageLocality.NAME, ImageLocality::new),
            Map.entry(DefaultBinder.NAME, DefaultBinder::new));

    static Stream<String> names() {
        return PLUGINS.keySet().stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("names")
    void nameConstructorAndDefaults(String name) throws Exception {
        FrameworkHandle handle = PluginFixtures.handle(List.of());
        Plugin withNull = PLUGINS.get(name).create(null, handle);
        Plugin withEmpty = PLUGINS.get(name).create(JsonNodeFactory.instance.objectNode(), handle);
        assertEquals(name, withNull.name());
        assertEquals(name, withEmpty.name());
        Class<?> type = withNull.getClass();
        assertTrue(Modifier.isFinal(type.getModifiers()) && Modifier.isPublic(type.getModifiers()));
        assertEquals(name, type.getField("NAME").get(null));
        type.getConstructor(JsonNode.class, FrameworkHandle.class);
    }

    @ParameterizedTest
    @MethodSource("names")
    void pluginsThatRejectPodsSayWhatMayMakeThemFit(String name) {
        Plugin plugin = PLUGINS.get(name).create(null, PluginFixtures.handle(List.of()));
        boolean rejects = plugin instanceof FilterPlugin || plugin instanceof PreEnqueuePlugin
                || plugin instanceof PreFilterPlugin;
        if (rejects) {
            assertTrue(plugin instanceof EnqueueExtensions, name + " rejects pods but registers no events");
            assertFalse(((EnqueueExtensions) plugin).eventsToRegister().isEmpty());
        }
    }
}
