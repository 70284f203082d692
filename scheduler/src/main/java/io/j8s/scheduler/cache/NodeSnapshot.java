package io.j8s.scheduler.cache;

import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Snapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes one scheduling cycle sees: copies of the cache's NodeInfos, refreshed by
 * {@link Cache#updateSnapshot} only where they changed, and left alone while the cycle runs.
 * Used by the scheduling thread only.
 */
public final class NodeSnapshot implements Snapshot {
    private final Map<String, NodeInfo> byName = new HashMap<>();
    private List<NodeInfo> nodes = List.of();
    private final Map<String, Integer> index = new HashMap<>();
    private List<NodeInfo> withAffinity = List.of();
    private List<NodeInfo> withRequiredAntiAffinity = List.of();
    /** How many nodes have each image; counted on first ask after a change. */
    private Map<String, Integer> imageCounts;

    void apply(Map<String, NodeInfo> changed, boolean nodeSetChanged) {
        changed.forEach((name, info) -> {
            if (info == null) {
                byName.remove(name);
            } else {
                byName.put(name, info);
            }
        });
        if (nodeSetChanged) {
            List<String> names = new ArrayList<>(byName.keySet());
            Collections.sort(names);
            List<NodeInfo> list = new ArrayList<>(names.size());
            index.clear();
            for (String n : names) {
                index.put(n, list.size());
                list.add(byName.get(n));
            }
            nodes = list;
        } else if (!changed.isEmpty()) {
            List<NodeInfo> list = new ArrayList<>(nodes);
            changed.forEach((name, info) -> {
                Integer i = index.get(name);
                if (i != null && info != null) {
                    list.set(i, info);
                }
            });
            nodes = list;
        }
        if (!changed.isEmpty() || nodeSetChanged) {
            imageCounts = null;
            List<NodeInfo> a = new ArrayList<>();
            List<NodeInfo> r = new ArrayList<>();
            for (NodeInfo n : nodes) {
                if (!n.podsWithAffinity().isEmpty()) {
                    a.add(n);
                }
                if (!n.podsWithRequiredAntiAffinity().isEmpty()) {
                    r.add(n);
                }
            }
            withAffinity = a;
            withRequiredAntiAffinity = r;
        }
    }

    @Override
    public List<NodeInfo> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    @Override
    public NodeInfo get(String nodeName) {
        return byName.get(nodeName);
    }

    @Override
    public int nodesWithImage(String image) {
        if (imageCounts == null) {
            Map<String, Integer> counts = new HashMap<>();
            for (NodeInfo n : nodes) {
                n.images().keySet().forEach(i -> counts.merge(i, 1, Integer::sum));
            }
            imageCounts = counts;
        }
        return imageCounts.getOrDefault(image, 0);
    }

    @Override
    public List<NodeInfo> havePodsWithAffinity() {
        return withAffinity;
    }

    @Override
    public List<NodeInfo> havePodsWithRequiredAntiAffinity() {
        return withRequiredAntiAffinity;
    }
}
