package io.j8s.scheduler.plugins;

import io.j8s.scheduler.framework.PluginFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/** The in-tree plugins by the name a configuration uses (upstream's in-tree registry). */
public final class InTreePlugins {
    private InTreePlugins() {}

    /** Name to factory; each factory gets the plugin's args (or null) and the framework handle. */
    public static Map<String, PluginFactory> all() {
        Map<String, PluginFactory> r = new LinkedHashMap<>();
        r.put("PrioritySort", io.j8s.scheduler.plugins.prioritysort.PrioritySort::new);
        r.put("DefaultBinder", io.j8s.scheduler.plugins.defaultbinder.DefaultBinder::new);
        r.put("SchedulingGates", io.j8s.scheduler.plugins.schedulinggates.SchedulingGates::new);
        r.put("NodeUnschedulable", io.j8s.scheduler.plugins.nodeunschedulable.NodeUnschedulable::new);
        r.put("NodeName", io.j8s.scheduler.plugins.nodename.NodeName::new);
        r.put("NodePorts", io.j8s.scheduler.plugins.nodeports.NodePorts::new);
        r.put("NodeResourcesFit", io.j8s.scheduler.plugins.noderesources.NodeResourcesFit::new);
        r.put("NodeResourcesBalancedAllocation", io.j8s.scheduler.plugins.noderesources.BalancedAllocation::new);
        r.put("NodeAffinity", io.j8s.scheduler.plugins.nodeaffinity.NodeAffinity::new);
        r.put("TaintToleration", io.j8s.scheduler.plugins.tainttoleration.TaintToleration::new);
        r.put("ImageLocality", io.j8s.scheduler.plugins.imagelocality.ImageLocality::new);
        r.put("InterPodAffinity", io.j8s.scheduler.plugins.interpodaffinity.InterPodAffinity::new);
        r.put("PodTopologySpread", io.j8s.scheduler.plugins.podtopologyspread.PodTopologySpread::new);
        r.put("DefaultPreemption", io.j8s.scheduler.plugins.defaultpreemption.DefaultPreemption::new);
        // VolumeBinding (DefaultProfile.VOLUME_BINDING) arrives with the storage issue.
        return r;
    }
}
