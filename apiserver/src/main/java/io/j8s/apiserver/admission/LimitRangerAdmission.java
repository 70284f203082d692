package io.j8s.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.validation.CanonicalQuantity;
import io.j8s.api.validation.Quantities;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Upstream's LimitRanger for containers: a new pod's containers get the default requests and
 * limits of the namespace's LimitRanges (noted in the {@code kubernetes.io/limit-ranger}
 * annotation), then each container must lie within the ranges' min and max.
 */
public final class LimitRangerAdmission implements AdmissionPlugin {
    static final String ANNOTATION = "kubernetes.io/limit-ranger";

    private final ClusterObjects objects;

    public LimitRangerAdmission(ClusterObjects objects) {
        this.objects = objects;
    }

    @Override
    public String name() {
        return "LimitRanger";
    }

    private List<JsonNode> containerItems(String namespace) {
        List<JsonNode> items = new ArrayList<>();
        for (ObjectNode lr : objects.list("", "limitranges", namespace)) {
            LimitRangeDefaults.apply(lr);
            for (JsonNode item : lr.path("spec").path("limits")) {
                if (item.path("type").asText().equals("Container")) {
                    items.add(item);
                }
            }
        }
        return items;
    }

    @Override
    public void mutate(AdmissionRequest request) {
        if (!request.isCreate("", "pods")) {
            return;
        }
        List<JsonNode> items = containerItems(request.namespace());
        if (items.isEmpty()) {
            return;
        }
        ObjectNode limits = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode();
        ObjectNode requests = limits.objectNode();
        for (JsonNode item : items) {
            limits.setAll((ObjectNode) item.path("default"));
            requests.setAll((ObjectNode) item.path("defaultRequest"));
        }
        List<String> notes = new ArrayList<>();
        ObjectNode spec = request.object().with("spec");
        merge(spec.path("initContainers"), "init container", limits, requests, notes);
        merge(spec.path("containers"), "container", limits, requests, notes);
        if (!notes.isEmpty()) {
            request.object().with("metadata").with("annotations").put(ANNOTATION,
                    "LimitRanger plugin set: " + String.join("; ", notes));
        }
    }

    private static void merge(JsonNode containers, String what, ObjectNode limits,
            ObjectNode requests, List<String> notes) {
        for (JsonNode c : containers) {
            ObjectNode resources = ((ObjectNode) c).with("resources");
            TreeSet<String> setRequests = fill(resources.with("requests"), requests);
            TreeSet<String> setLimits = fill(resources.with("limits"), limits);
            String name = c.path("name").asText();
            if (!setRequests.isEmpty()) {
                notes.add(String.join(", ", setRequests) + " request for " + what + " " + name);
            }
            if (!setLimits.isEmpty()) {
                notes.add(String.join(", ", setLimits) + " limit for " + what + " " + name);
            }
            if (resources.path("requests").isEmpty()) {
                resources.remove("requests");
            }
            if (resources.path("limits").isEmpty()) {
                resources.remove("limits");
            }
        }
    }

    private static TreeSet<String> fill(ObjectNode into, ObjectNode defaults) {
        TreeSet<String> set = new TreeSet<>();
        defaults.fields().forEachRemaining(e -> {
            if (!into.has(e.getKey())) {
                into.set(e.getKey(), e.getValue());
                set.add(e.getKey());
            }
        });
        return set;
    }

    @Override
    public void validate(AdmissionRequest request) {
        if (!request.isCreate("", "pods")) {
            return;
        }
        List<String> errors = new ArrayList<>();
        for (JsonNode item : containerItems(request.namespace())) {
            for (String list : List.of("initContainers", "containers")) {
                for (JsonNode c : request.object().path("spec").path(list)) {
                    check(item, c.path("resources"), errors);
                }
            }
        }
        if (errors.size() == 1) {
            throw request.forbidden(errors.get(0));
        } else if (!errors.isEmpty()) {
            throw request.forbidden("[" + String.join(", ", errors) + "]");
        }
    }

    private static void check(JsonNode item, JsonNode resources, List<String> errors) {
        JsonNode req = resources.path("requests");
        JsonNode lim = resources.path("limits");
        item.path("min").fields().forEachRemaining(e -> {
            String r = e.getKey();
            String min = CanonicalQuantity.of(e.getValue().asText());
            if (!req.has(r)) {
                errors.add("minimum " + r + " usage per Container is " + min
                        + ".  No request is specified");
            } else if (less(req.get(r), min)) {
                errors.add("minimum " + r + " usage per Container is " + min
                        + ", but request is " + CanonicalQuantity.of(req.get(r).asText()));
            } else if (lim.has(r) && less(lim.get(r), min)) {
                errors.add("minimum " + r + " usage per Container is " + min
                        + ", but limit is " + CanonicalQuantity.of(lim.get(r).asText()));
            }
        });
        item.path("max").fields().forEachRemaining(e -> {
            String r = e.getKey();
            String max = CanonicalQuantity.of(e.getValue().asText());
            if (!lim.has(r)) {
                errors.add("maximum " + r + " usage per Container is " + max
                        + ".  No limit is specified");
            } else if (less(e.getValue(), lim.get(r).asText())) {
                errors.add("maximum " + r + " usage per Container is " + max
                        + ", but limit is " + CanonicalQuantity.of(lim.get(r).asText()));
            } else if (req.has(r) && less(e.getValue(), req.get(r).asText())) {
                errors.add("maximum " + r + " usage per Container is " + max
                        + ", but request is " + CanonicalQuantity.of(req.get(r).asText()));
            }
        });
    }

    private static boolean less(JsonNode value, String than) {
        return Quantities.parse(value.asText()).compareTo(Quantities.parse(than)) < 0;
    }
}
