package io.j8s.controllers.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The ControllerRevisions of a StatefulSet or DaemonSet (upstream's controller/history): a
 * revision holds a patch that restores its owner's pod template, is named
 * {@code <owner>-<hash of the patch>}, numbered, and old ones beyond the owner's
 * {@code revisionHistoryLimit} are deleted unless a live pod still runs them.
 */
public final class Revisions {
    /** The label upstream puts on revisions and pods ({@code controller-revision-hash}). */
    public static final String HASH_LABEL = "controller-revision-hash";
    /** The label a StatefulSet's revisions carry their hash in ({@code controller.kubernetes.io/hash}). */
    public static final String STATEFUL_HASH_LABEL = "controller.kubernetes.io/hash";
    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

    private final KubernetesClient client;
    private final KubernetesSerialization serialization;

    public Revisions(KubernetesClient client) {
        this.client = Objects.requireNonNull(client);
        this.serialization = client.getKubernetesSerialization();
    }

    /** A revision and the collision count its name needed. */
    public record Created(ControllerRevision revision, int collisionCount) {}

    /**
     * The patch upstream stores for an owner's template:
     * {@code {"spec":{"template":{...,"$patch":"replace"}}}}.
     */
    public JsonNode templatePatch(Object template) {
        ObjectNode t = serialization.convertValue(template, ObjectNode.class);
        t.put("$patch", "replace");
        ObjectNode patch = CANONICAL.createObjectNode();
        patch.putObject("spec").set("template", t);
        return patch;
    }

    /** The template a revision restores. */
    public <T> T template(ControllerRevision revision, Class<T> type) {
        ObjectNode t = (ObjectNode) data(revision).path("spec").path("template").deepCopy();
        t.remove("$patch");
        return serialization.convertValue(t, type);
    }

    /** The revision's data as a JSON tree. */
    public JsonNode data(ControllerRevision revision) {
        return serialization.convertValue(revision.getData(), JsonNode.class);
    }

    /** FNV-32a of the data (keys sorted) and the collision count, in upstream's safe alphabet. */
    public static String hash(JsonNode data, Integer collisionCount) {
        int h = 0x811c9dc5;
        byte[] bytes;
        try {
            bytes = CANONICAL.writeValueAsBytes(data);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * 0x01000193;
        }
        if (collisionCount != null) {
            for (byte b : Integer.toString(collisionCount).getBytes(StandardCharsets.US_ASCII)) {
                h = (h ^ (b & 0xff)) * 0x01000193;
            }
        }
        String decimal = Long.toString(Integer.toUnsignedLong(h));
        StringBuilder out = new StringBuilder();
        for (char c : decimal.toCharArray()) {
            out.append(ALPHANUMS.charAt(c % ALPHANUMS.length()));
        }
        return out.toString();
    }

    /** {@code <owner>-<hash>}, the owner's name cut to 223 characters as upstream. */
    public static String name(String owner, String hash) {
        return (owner.length() > 223 ? owner.substring(0, 223) : owner) + "-" + hash;
    }

    /** The revisions {@code owner} controls among {@code all}, oldest (lowest number) first. */
    public static List<ControllerRevision> owned(List<ControllerRevision> all, HasMetadata owner) {
        String uid = owner.getMetadata().getUid();
        List<ControllerRevision> owned = new ArrayList<>();
        for (ControllerRevision r : all) {
            for (OwnerReference ref : r.getMetadata().getOwnerReferences()) {
                if (Boolean.TRUE.equals(ref.getController()) && ref.getUid().equals(uid)) {
                    owned.add(r);
                }
            }
        }
        owned.sort(Comparator.comparing((ControllerRevision r) -> number(r))
                .thenComparing(r -> r.getMetadata().getName()));
        return owned;
    }

    /** The revision's number, 0 if unset. */
    public static long number(ControllerRevision r) {
        return r.getRevision() == null ? 0 : r.getRevision();
    }

    /**
     * True if the revision holds exactly {@code data} (compared as canonical JSON text: a number
     * read back from the server is an int where the model had a long).
     */
    public boolean holds(ControllerRevision r, JsonNode data) {
        return canonical(data(r)).equals(canonical(data));
    }

    private static String canonical(JsonNode node) {
        try {
            return CANONICAL.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The controller owner reference upstream puts on what a controller makes. */
    public static OwnerReference controllerRef(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind()).withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build();
    }

    /**
     * Creates the revision {@code <owner>-<hash>}; if that name is taken by a revision holding
     * other data the collision count goes up and the hash is computed again, as upstream.
     *
     * @param hashLabel the label the hash goes in ({@link #HASH_LABEL} for a DaemonSet's,
     *     {@link #STATEFUL_HASH_LABEL} for a StatefulSet's, as upstream)
     * @param hashOf the hash for a collision count (the DaemonSet hashes its template, the
     *     StatefulSet its patch)
     */
    public Created create(HasMetadata owner, JsonNode data, Map<String, String> labels,
            String hashLabel, long number, int collisionCount, java.util.function.IntFunction<String> hashOf) {
        String ns = owner.getMetadata().getNamespace();
        int collisions = collisionCount;
        while (true) {
            String hash = hashOf.apply(collisions);
            String name = name(owner.getMetadata().getName(), hash);
            Map<String, String> l = new java.util.HashMap<>(labels == null ? Map.of() : labels);
            l.put(hashLabel, hash);
            ControllerRevision r = new ControllerRevisionBuilder().withNewMetadata()
                    .withName(name).withNamespace(ns).withLabels(l)
                    .withOwnerReferences(controllerRef(owner)).endMetadata()
                    .withData(serialization.convertValue(data, Map.class)).withRevision(number)
                    .build();
            try {
                return new Created(client.apps().controllerRevisions().inNamespace(ns)
                        .resource(r).create(), collisions);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                ControllerRevision existing = client.apps().controllerRevisions()
                        .inNamespace(ns).withName(name).get();
                if (existing != null && holds(existing, data) && owned(List.of(existing), owner)
                        .size() == 1) {
                    return new Created(existing, collisions);
                }
                collisions++;
            }
        }
    }

    /** Gives a revision a new number (an old template that came back becomes the newest). */
    public ControllerRevision renumber(ControllerRevision r, long number) {
        return client.apps().controllerRevisions().inNamespace(r.getMetadata().getNamespace())
                .withName(r.getMetadata().getName())
                .edit(c -> new ControllerRevisionBuilder(c).withRevision(number).build());
    }

    /**
     * Deletes the oldest revisions beyond {@code limit}, never one in {@code live} (the names a
     * pod or the owner's status still points at).
     */
    public void truncate(List<ControllerRevision> owned, Set<String> live, int limit) {
        List<ControllerRevision> history = new ArrayList<>();
        for (ControllerRevision r : owned) {
            if (!live.contains(r.getMetadata().getName())) {
                history.add(r);
            }
        }
        for (int i = 0; i < history.size() - limit; i++) {
            ControllerRevision r = history.get(i);
            client.apps().controllerRevisions().inNamespace(r.getMetadata().getNamespace())
                    .withName(r.getMetadata().getName()).delete();
        }
    }
}
