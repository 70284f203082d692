package io.j8s.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where desired endpoints go with the least churn, as upstream's reconciler places them: slices of
 * a port set that no longer exists are deleted; an existing slice keeps the endpoints it has that
 * are still wanted (changed ones replaced in place) and loses the others; new endpoints fill the
 * slices already being changed, then the unchanged ones with room, then new slices of at most
 * {@code max}; a slice left empty is deleted. With no endpoints at all one empty placeholder
 * slice stays.
 *
 * @param create slices to create (no name: generateName)
 * @param update changed existing slices, as they must be written
 * @param delete existing slices to delete
 */
record SlicePlan(List<EndpointSlice> create, List<EndpointSlice> update,
        List<EndpointSlice> delete) {

    /** The endpoints wanted for one port set, keyed by something stable (the pod's uid). */
    record Wanted(List<EndpointPort> ports, Map<String, Endpoint> endpoints) {}

    static String portsKey(List<EndpointPort> ports) {
        List<String> parts = new ArrayList<>();
        for (EndpointPort p : ports == null ? List.<EndpointPort>of() : ports) {
            parts.add(Objects.toString(p.getName(), "") + "/" + p.getPort() + "/"
                    + Objects.toString(p.getProtocol(), "TCP") + "/"
                    + Objects.toString(p.getAppProtocol(), ""));
        }
        parts.sort(Comparator.naturalOrder());
        return String.join(",", parts);
    }

    /**
     * @param wanted by {@link #portsKey}
     * @param existing the slices this controller owns for the service
     * @param template metadata and addressType for new slices
     * @param endpointKey how an existing endpoint is matched with a wanted one
     */
    static SlicePlan of(Map<String, Wanted> wanted, List<EndpointSlice> existing,
            EndpointSlice template, int max, java.util.function.Function<Endpoint, String>
                    endpointKey) {
        List<EndpointSlice> create = new ArrayList<>();
        List<EndpointSlice> update = new ArrayList<>();
        List<EndpointSlice> delete = new ArrayList<>();
        Map<String, List<EndpointSlice>> byPorts = new LinkedHashMap<>();
        for (EndpointSlice s : existing) {
            byPorts.computeIfAbsent(portsKey(s.getPorts()), k -> new ArrayList<>()).add(s);
        }
        if (wanted.isEmpty()) {
            // one placeholder slice with neither ports nor endpoints
            EndpointSlice keep = existing.stream().filter(s -> (s.getEndpoints() == null
                    || s.getEndpoints().isEmpty()) && (s.getPorts() == null
                    || s.getPorts().isEmpty())).findFirst().orElse(null);
            for (EndpointSlice s : existing) {
                if (s != keep) {
                    delete.add(s);
                }
            }
            if (keep == null) {
                create.add(new EndpointSliceBuilder(template).withEndpoints(List.of())
                        .withPorts((List<EndpointPort>) null).build());
            } else if (!sameMeta(keep, template)) {
                update.add(withMeta(keep, template, keep.getEndpoints()));
            }
            return new SlicePlan(create, update, delete);
        }
        for (Map.Entry<String, List<EndpointSlice>> e : byPorts.entrySet()) {
            if (!wanted.containsKey(e.getKey())) {
                delete.addAll(e.getValue());
            }
        }
        for (Map.Entry<String, Wanted> w : wanted.entrySet()) {
            Map<String, Endpoint> pending = new LinkedHashMap<>(w.getValue().endpoints());
            List<Slot> changed = new ArrayList<>();
            List<Slot> unchanged = new ArrayList<>();
            for (EndpointSlice s : byPorts.getOrDefault(w.getKey(), List.of())) {
                List<Endpoint> kept = new ArrayList<>();
                boolean dirty = !sameMeta(s, template);
                for (Endpoint ep : s.getEndpoints() == null ? List.<Endpoint>of()
                        : s.getEndpoints()) {
                    Endpoint want = pending.remove(endpointKey.apply(ep));
                    if (want == null) {
                        dirty = true;
                    } else {
                        dirty |= !signature(want).equals(signature(ep));
                        kept.add(want);
                    }
                }
                (dirty ? changed : unchanged).add(new Slot(s, kept, dirty));
            }
            List<Endpoint> rest = new ArrayList<>(pending.values());
            for (List<Slot> slots : List.of(changed, unchanged)) {
                for (Slot slot : slots) {
                    while (!rest.isEmpty() && slot.endpoints.size() < max) {
                        slot.endpoints.add(rest.removeFirst());
                        slot.dirty = true;
                    }
                }
            }
            for (List<Slot> slots : List.of(changed, unchanged)) {
                for (Slot slot : slots) {
                    if (slot.endpoints.isEmpty()) {
                        delete.add(slot.slice);
                    } else if (slot.dirty) {
                        update.add(withMeta(slot.slice, template, slot.endpoints));
                    }
                }
            }
            for (int i = 0; i < rest.size(); i += max) {
                create.add(new EndpointSliceBuilder(template)
                        .withPorts(w.getValue().ports().isEmpty() ? null : w.getValue().ports())
                        .withEndpoints(new ArrayList<>(rest.subList(i,
                                Math.min(rest.size(), i + max)))).build());
            }
        }
        return new SlicePlan(create, update, delete);
    }

    /** What a reader of an endpoint sees, so a round trip through the API compares equal. */
    static String signature(Endpoint ep) {
        var c = ep.getConditions();
        var ref = ep.getTargetRef();
        return ep.getAddresses() + "|" + (c == null ? "" : c.getReady() + "," + c.getServing()
                + "," + c.getTerminating()) + "|" + Objects.toString(ep.getHostname(), "") + "|"
                + Objects.toString(ep.getNodeName(), "") + "|" + Objects.toString(ep.getZone(), "")
                + "|" + (ref == null ? "" : ref.getKind() + "/" + ref.getNamespace() + "/"
                        + ref.getName() + "/" + ref.getUid());
    }

    private static boolean sameMeta(EndpointSlice s, EndpointSlice template) {
        return Objects.equals(s.getMetadata().getLabels(), template.getMetadata().getLabels())
                && Objects.equals(s.getAddressType(), template.getAddressType());
    }

    private static EndpointSlice withMeta(EndpointSlice s, EndpointSlice template,
            List<Endpoint> endpoints) {
        EndpointSlice next = new EndpointSliceBuilder(s).withEndpoints(endpoints).build();
        next.getMetadata().setLabels(template.getMetadata().getLabels());
        next.getMetadata().setOwnerReferences(template.getMetadata().getOwnerReferences());
        if (template.getMetadata().getAnnotations() != null) {
            Map<String, String> a = new LinkedHashMap<>(s.getMetadata().getAnnotations() == null
                    ? Map.of() : s.getMetadata().getAnnotations());
            a.putAll(template.getMetadata().getAnnotations());
            next.getMetadata().setAnnotations(a);
        }
        return next;
    }

    private static final class Slot {
        final EndpointSlice slice;
        final List<Endpoint> endpoints;
        boolean dirty;

        Slot(EndpointSlice slice, List<Endpoint> endpoints, boolean dirty) {
            this.slice = slice;
            this.endpoints = endpoints;
            this.dirty = dirty;
        }
    }
}
