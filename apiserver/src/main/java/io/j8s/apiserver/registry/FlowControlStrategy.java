package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.validation.Causes;
import io.j8s.api.validation.FieldPath;
import java.util.ArrayList;
import java.util.List;

/**
 * FlowSchemas and PriorityLevelConfigurations of flowcontrol.apiserver.k8s.io/v1: upstream's v1
 * defaults (matching precedence 1000; a Limited level's 30 shares and its queuing 64 queues, hand
 * size 8, queue length 50) and the main rules of its validation. Stored only: nothing enforces
 * priority and fairness yet.
 */
final class FlowControlStrategy implements Strategy {
    private final boolean flowSchema;

    FlowControlStrategy(boolean flowSchema) {
        this.flowSchema = flowSchema;
    }

    @Override
    public boolean tracksGeneration() {
        return true;
    }

    @Override
    public void applyDefaults(ObjectNode object) {
        if (!(object.get("spec") instanceof ObjectNode spec)) {
            return; // validation refuses it
        }
        if (flowSchema) {
            if (!spec.has("matchingPrecedence")) {
                spec.put("matchingPrecedence", 1000);
            }
            return;
        }
        if (spec.get("exempt") instanceof ObjectNode exempt) {
            putIfAbsent(exempt, "nominalConcurrencyShares", 0);
            putIfAbsent(exempt, "lendablePercent", 0);
        }
        if (spec.get("limited") instanceof ObjectNode limited) {
            putIfAbsent(limited, "nominalConcurrencyShares", 30);
            putIfAbsent(limited, "lendablePercent", 0);
            if (limited.path("limitResponse").get("queuing") instanceof ObjectNode queuing) {
                putIfAbsent(queuing, "queues", 64);
                putIfAbsent(queuing, "handSize", 8);
                putIfAbsent(queuing, "queueLengthLimit", 50);
            }
        }
    }

    private static void putIfAbsent(ObjectNode o, String field, int value) {
        if (!o.has(field) || o.get(field).isNull()) {
            o.put(field, value);
        }
    }

    @Override
    public List<StatusCause> validate(ObjectNode object) {
        return flowSchema ? validateFlowSchema(object.path("spec"))
                : validatePriorityLevel(object.path("spec"));
    }

    /** {@code list} when it is an array; nothing otherwise (its type is wrong). */
    private static JsonNode items(JsonNode list) {
        return list.isArray() ? list : MissingNode.getInstance();
    }

    private static List<StatusCause> validateFlowSchema(JsonNode spec) {
        List<StatusCause> causes = new ArrayList<>();
        FieldPath path = FieldPath.of("spec");
        long precedence = spec.path("matchingPrecedence").asLong(0);
        if (precedence <= 0) {
            causes.add(Causes.invalid(path.child("matchingPrecedence"), precedence,
                    "must be a positive value"));
        } else if (precedence > 10000) {
            causes.add(Causes.invalid(path.child("matchingPrecedence"), precedence,
                    "must not be greater than 10000"));
        }
        JsonNode method = spec.get("distinguisherMethod");
        if (method != null && !method.isNull()) {
            String type = method.path("type").asText("");
            if (!type.equals("ByUser") && !type.equals("ByNamespace")) {
                causes.add(Causes.notSupported(path.child("distinguisherMethod").child("type"),
                        type, List.of("ByNamespace", "ByUser")));
            }
        }
        if (spec.path("priorityLevelConfiguration").path("name").asText("").isEmpty()) {
            causes.add(Causes.required(path.child("priorityLevelConfiguration").child("name"),
                    "must reference a priority level"));
        }
        JsonNode rules = items(spec.path("rules"));
        for (int i = 0; i < rules.size(); i++) {
            JsonNode subjects = items(rules.get(i).path("subjects"));
            FieldPath rule = path.child("rules").index(i);
            if (subjects.isEmpty()) {
                causes.add(Causes.required(rule.child("subjects"), "subjects must contain at"
                        + " least one value"));
            }
            for (int j = 0; j < subjects.size(); j++) {
                String kind = subjects.get(j).path("kind").asText("");
                if (!List.of("Group", "ServiceAccount", "User").contains(kind)) {
                    causes.add(Causes.notSupported(rule.child("subjects").index(j).child("kind"),
                            kind, List.of("Group", "ServiceAccount", "User")));
                }
            }
            if (rules.get(i).path("resourceRules").isEmpty()
                    && rules.get(i).path("nonResourceRules").isEmpty()) {
                causes.add(Causes.required(rule, "at least one of resourceRules and"
                        + " nonResourceRules has to be non-empty"));
            }
        }
        return causes;
    }

    private static List<StatusCause> validatePriorityLevel(JsonNode spec) {
        List<StatusCause> causes = new ArrayList<>();
        FieldPath path = FieldPath.of("spec");
        String type = spec.path("type").asText("");
        boolean hasLimited = spec.hasNonNull("limited");
        boolean hasExempt = spec.hasNonNull("exempt");
        switch (type) {
            case "Exempt" -> {
                if (hasLimited) {
                    causes.add(Causes.forbidden(path.child("limited"),
                            "must be nil if the type is not Limited"));
                }
            }
            case "Limited" -> {
                if (hasExempt) {
                    causes.add(Causes.forbidden(path.child("exempt"),
                            "must be nil if the type is Limited"));
                }
                if (!hasLimited) {
                    causes.add(Causes.required(path.child("limited"),
                            "must not be empty when type is Limited"));
                } else {
                    causes.addAll(limitResponse(spec.path("limited").path("limitResponse"),
                            path.child("limited").child("limitResponse")));
                }
            }
            default -> causes.add(Causes.notSupported(path.child("type"), type,
                    List.of("Exempt", "Limited")));
        }
        return causes;
    }

    private static List<StatusCause> limitResponse(JsonNode response, FieldPath path) {
        List<StatusCause> causes = new ArrayList<>();
        String type = response.path("type").asText("");
        JsonNode queuing = response.get("queuing");
        boolean hasQueuing = queuing != null && !queuing.isNull();
        switch (type) {
            case "Reject" -> {
                if (hasQueuing) {
                    causes.add(Causes.forbidden(path.child("queuing"),
                            "must be nil if limited.limitResponse.type is not Limited"));
                }
            }
            case "Queue" -> {
                if (!hasQueuing) {
                    causes.add(Causes.required(path.child("queuing"),
                            "must not be empty if limited.limitResponse.type is Limited"));
                } else {
                    FieldPath q = path.child("queuing");
                    long queues = queuing.path("queues").asLong(0);
                    long handSize = queuing.path("handSize").asLong(0);
                    if (queuing.path("queueLengthLimit").asLong(0) <= 0) {
                        causes.add(Causes.invalid(q.child("queueLengthLimit"),
                                queuing.path("queueLengthLimit").asLong(0),
                                "must be positive"));
                    }
                    if (queues <= 0) {
                        causes.add(Causes.invalid(q.child("queues"), queues, "must be positive"));
                    } else if (handSize > queues) {
                        causes.add(Causes.invalid(q.child("handSize"), handSize,
                                "should not be greater than queues (" + queues + ")"));
                    }
                    if (handSize <= 0) {
                        causes.add(Causes.invalid(q.child("handSize"), handSize,
                                "must be positive"));
                    }
                }
            }
            default -> causes.add(Causes.notSupported(path.child("type"), type,
                    List.of("Queue", "Reject")));
        }
        return causes;
    }
}
