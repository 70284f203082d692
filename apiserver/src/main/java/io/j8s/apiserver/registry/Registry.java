package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.fields.ManagedFields;
import io.j8s.apiserver.fields.Scope;
import io.j8s.store.CompactedException;
import io.j8s.store.ConflictException;
import io.j8s.store.KeyExistsException;
import io.j8s.store.KeyNotFoundException;
import io.j8s.store.KeyValue;
import io.j8s.store.ListPage;
import io.j8s.store.Store;
import io.j8s.store.StoreException;
import io.j8s.store.StoreUnavailableException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The API verbs of one resource over the store: objects are JSON trees keyed as upstream keys them,
 * their {@code resourceVersion} is the key's mod revision, and every write is a guarded store
 * write, so two writers racing on one object see a 409 rather than a lost update.
 */
public final class Registry {
    private static final String GENERATE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int PATCH_RETRIES = 16;

    private final ResourceType type;
    private final Store store;
    private final Strategy strategy;
    private final Clock clock;
    private final Admission admission;
    private final SecureRandom random = new SecureRandom();
    private volatile WatchCache cache;

    Registry(ResourceType type, Store store, Strategy strategy, Clock clock, Admission admission) {
        this.type = type;
        this.store = store;
        this.strategy = strategy;
        this.clock = clock;
        this.admission = admission;
    }

    public ResourceType type() {
        return type;
    }

    Store store() {
        return store;
    }

    Strategy strategy() {
        return strategy;
    }

    // ---- reads -------------------------------------------------------------------------------

    public ObjectNode get(String namespace, String name) {
        return read(namespace, name).orElseThrow(() -> notFound(name));
    }

    Optional<ObjectNode> read(String namespace, String name) {
        Optional<KeyValue> kv = call(() -> store.get(type.key(namespace, name)));
        return kv.map(this::decode);
    }

    /** The stored object with its resourceVersion, apiVersion and kind filled in. */
    ObjectNode decode(KeyValue kv) {
        ObjectNode o = Json.tree(kv.value());
        o.put("apiVersion", type.apiVersion());
        o.put("kind", type.kind());
        Meta.of(o).put("resourceVersion", Long.toString(kv.modRevision()));
        return o;
    }

    public ListResult list(String namespace, ListOptions options) {
        if (cache != null && cache.canList(options)) {
            Lister.checkFields(this, options);
            return cache.list(namespace, options);
        }
        return Lister.list(this, namespace, options);
    }

    /** Serves lists and watches from memory from now on; see {@link WatchCache}. */
    void startCache() {
        WatchCache c = new WatchCache(this);
        c.start();
        cache = c;
    }

    void stopCache() {
        if (cache != null) {
            cache.stop();
        }
    }

    /** Starts a watch; close what it returns to stop it. */
    public AutoCloseable watch(String namespace, ListOptions options, WatchSink sink) {
        if (cache != null) {
            Lister.checkFields(this, options);
            AutoCloseable fromCache = cache.watch(namespace, options, sink);
            if (fromCache != null) {
                return fromCache;
            }
        }
        return Watcher.start(this, namespace, options, sink);
    }

    // ---- writes ------------------------------------------------------------------------------

    public ObjectNode create(String namespace, ObjectNode body, WriteOptions options) {
        checkTypeMeta(body);
        ObjectNode meta = Meta.of(body);
        if (!Meta.resourceVersion(body).isEmpty()) {
            throw StatusException.badRequest("resourceVersion should not be set on objects to be"
                    + " created");
        }
        placeInNamespace(body, namespace);
        if (Meta.name(body).isEmpty() && !Meta.text(body, "generateName").isEmpty()) {
            meta.put("name", Meta.text(body, "generateName") + randomSuffix());
        }
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", Meta.timestamp(clock.instant()));
        meta.remove(List.of("deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"));
        if (strategy.tracksGeneration()) {
            meta.put("generation", 1);
        } else {
            meta.remove("generation");
        }
        if (type.subresources().contains("status")) {
            body.remove("status");
        }
        strategy.applyDefaults(body);
        if (!options.apply()) {
            ManagedFields.recordCreate(body, options.fieldManager(), type.apiVersion(),
                    Scope.of("", type.subresources().contains("status")), clock.instant());
        }
        admission.mutateCreate(type, body);
        strategy.prepareForCreate(body, options);
        validate(body, null, "");
        return admission.aroundCreate(type, body, () -> admitAndStore(body, options));
    }

    private ObjectNode admitAndStore(ObjectNode body, WriteOptions options) {
        admission.admitCreate(type, body);
        Runnable undo = allocate(body, null);
        if (options.dryRun()) {
            undo.run();
            return body;
        }
        boolean stored = false;
        try {
            KeyValue kv = call(() -> store.create(type.key(namespace(body), Meta.name(body)),
                    encode(body)));
            stored = true;
            return decode(kv);
        } catch (KeyExistsException e) {
            throw StatusException.alreadyExists(type.errorName(), Meta.name(body));
        } finally {
            if (!stored) {
                undo.run();
            }
        }
    }

    /**
     * Replaces an object (PUT). With a resourceVersion in the body the write is guarded by it;
     * without one it replaces whatever is there.
     *
     * @param subresource empty for the object itself, {@code status} or {@code approval}
     */
    public ObjectNode update(String namespace, String name, ObjectNode body, String subresource,
            WriteOptions options) {
        checkTypeMeta(body);
        if (!Meta.name(body).isEmpty() && !Meta.name(body).equals(name)) {
            throw StatusException.badRequest("the name of the object (" + Meta.name(body)
                    + ") does not match the name on the URL (" + name + ")");
        }
        Meta.of(body).put("name", name);
        placeInNamespace(body, namespace);
        String expected = Meta.resourceVersion(body);
        Optional<ObjectNode> current = read(namespace, name);
        if (current.isEmpty()) {
            if (strategy.allowCreateOnUpdate() && subresource.isEmpty()) {
                Meta.of(body).remove("resourceVersion");
                return create(namespace, body, options);
            }
            throw notFound(name);
        }
        ObjectNode old = current.get();
        if (!expected.isEmpty() && !expected.equals(Meta.resourceVersion(old))) {
            throw conflict(name);
        }
        return write(old, merged(old, body, subresource), subresource, options);
    }

    /**
     * Applies {@code patch} to the current object, retrying when the object moves underneath. A
     * server-side apply of a missing object gets an empty object to patch, and creates the result.
     */
    public ObjectNode patch(String namespace, String name, UnaryOperator<ObjectNode> patch,
            String subresource, WriteOptions options) {
        for (int attempt = 0; ; attempt++) {
            Optional<ObjectNode> current = read(namespace, name);
            if (current.isEmpty() && options.apply() && subresource.isEmpty()) {
                ObjectNode created = patch.apply(Json.MAPPER.createObjectNode());
                if (!Meta.name(created).equals(name)) {
                    throw StatusException.badRequest("the name of the object ("
                            + Meta.name(created) + ") does not match the name on the URL ("
                            + name + ")");
                }
                try {
                    return create(namespace, created, options);
                } catch (StatusException e) {
                    if (!"AlreadyExists".equals(e.reason()) || attempt >= PATCH_RETRIES) {
                        throw e;
                    }
                    continue;
                }
            }
            ObjectNode old = current.orElseThrow(() -> notFound(name));
            ObjectNode patched = patch.apply(old.deepCopy());
            checkTypeMeta(patched);
            String expected = Meta.resourceVersion(patched);
            if (!expected.isEmpty() && !expected.equals(Meta.resourceVersion(old))) {
                throw conflict(name);
            }
            if (!Meta.name(patched).equals(name)) {
                throw StatusException.badRequest("the name of the object (" + Meta.name(patched)
                        + ") does not match the name on the URL (" + name + ")");
            }
            try {
                return write(old, merged(old, patched, subresource), subresource, options);
            } catch (StatusException e) {
                if (!"Conflict".equals(e.reason()) || !expected.isEmpty()
                        || attempt >= PATCH_RETRIES) {
                    throw e;
                }
            }
        }
    }

    /**
     * The object to store for an update: metadata that clients may not change is kept; the main
     * resource keeps the old status and the status subresource keeps everything but the status.
     */
    private ObjectNode merged(ObjectNode old, ObjectNode body, String subresource) {
        ObjectNode next;
        if (subresource.equals("status") || subresource.equals("approval")) {
            next = old.deepCopy();
            JsonNode status = body.get("status");
            if (status == null) {
                next.remove("status");
            } else {
                next.set("status", status);
            }
            // an apply to the status brings its own managedFields; an update's are ignored
            JsonNode managed = Meta.of(body).get("managedFields");
            if (managed != null) {
                Meta.of(next).set("managedFields", managed);
            }
        } else {
            next = body.deepCopy();
            if (type.subresources().contains("status")) {
                JsonNode status = old.get("status");
                if (status == null) {
                    next.remove("status");
                } else {
                    next.set("status", status);
                }
            }
            ObjectNode meta = Meta.of(next);
            ObjectNode oldMeta = Meta.of(old);
            for (String keep : List.of("uid", "creationTimestamp", "deletionTimestamp",
                    "deletionGracePeriodSeconds", "generation")) {
                JsonNode v = oldMeta.get(keep);
                if (v == null) {
                    meta.remove(keep);
                } else {
                    meta.set(keep, v);
                }
            }
            if (strategy.tracksGeneration() && !Objects.equals(spec(old), spec(next))) {
                meta.put("generation", oldMeta.path("generation").asLong(0) + 1);
            }
        }
        Meta.of(next).put("resourceVersion", Meta.resourceVersion(old));
        return next;
    }

    private static JsonNode spec(ObjectNode o) {
        ObjectNode copy = o.deepCopy();
        copy.remove(List.of("metadata", "status", "apiVersion", "kind"));
        return copy;
    }

    /** Validates and stores an update of {@code old}; deletes it when its last finalizer went. */
    private ObjectNode write(ObjectNode old, ObjectNode next, String subresource,
            WriteOptions options) {
        strategy.prepareForUpdate(next, old, subresource);
        strategy.applyDefaults(next);
        if (!options.apply()) {
            ManagedFields.recordUpdate(old, next, options.fieldManager(), type.apiVersion(),
                    subresource, Scope.of(subresource, type.subresources().contains("status")),
                    clock.instant());
        }
        admission.mutateUpdate(type, next, old);
        validate(next, old, subresource);
        admission.admitUpdate(type, next, old);
        long expected = Long.parseLong(Meta.resourceVersion(old));
        if (Meta.deleting(next) && !Meta.hasFinalizers(next)
                && Meta.text(next, "deletionGracePeriodSeconds").equals("0")) {
            return options.dryRun() ? next : deleteNow(next, expected);
        }
        Runnable undo = allocate(next, old);
        if (options.dryRun()) {
            undo.run();
            return next;
        }
        boolean stored = false;
        try {
            Meta.of(next).remove("resourceVersion");
            KeyValue kv = call(() -> store.update(type.key(namespace(next), Meta.name(next)),
                    encode(next), expected));
            stored = true;
            strategy.release(old, next);
            return decode(kv);
        } catch (ConflictException e) {
            throw conflict(Meta.name(next));
        } catch (KeyNotFoundException e) {
            throw notFound(Meta.name(next));
        } finally {
            if (!stored) {
                undo.run();
            }
        }
    }

    public ObjectNode delete(String namespace, String name, DeleteRequest request,
            WriteOptions options) {
        return Deleter.delete(this, namespace, name, request, options);
    }

    /** Removes the object from the store; answers it as it was, at the deletion's revision. */
    ObjectNode deleteNow(ObjectNode object, long expectedRevision) {
        try {
            io.j8s.store.StoreWriter.Deleted d = call(() -> store.delete(
                    type.key(namespace(object), Meta.name(object)), expectedRevision));
            ObjectNode gone = decode(d.previous());
            Meta.of(gone).put("resourceVersion", Long.toString(d.revision()));
            strategy.release(gone, null);
            return gone;
        } catch (ConflictException e) {
            throw conflict(Meta.name(object));
        } catch (KeyNotFoundException e) {
            throw notFound(Meta.name(object));
        }
    }

    /** Stores a changed object under the guard of the revision it was read at. */
    ObjectNode store(ObjectNode object, long expectedRevision) {
        try {
            ObjectNode copy = object.deepCopy();
            Meta.of(copy).remove("resourceVersion");
            return decode(call(() -> store.update(type.key(namespace(object), Meta.name(object)),
                    encode(copy), expectedRevision)));
        } catch (ConflictException e) {
            throw conflict(Meta.name(object));
        } catch (KeyNotFoundException e) {
            throw notFound(Meta.name(object));
        }
    }

    private Runnable allocate(ObjectNode object, ObjectNode old) {
        try {
            return strategy.allocate(object, old);
        } catch (ServiceAllocator.FieldError e) {
            throw StatusException.invalid(type.kind(), type.errorName(), Meta.name(object),
                    List.of(StatusException.cause("FieldValueInvalid", e.field, e.getMessage())));
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private void validate(ObjectNode object, ObjectNode old, String subresource) {
        List<StatusCause> causes = new ArrayList<>(MetaValidation.validate(type, object, old));
        causes.addAll(strategy.validate(object));
        if (old != null) {
            causes.addAll(strategy.validateUpdate(object, old, subresource));
        }
        if (!causes.isEmpty()) {
            throw StatusException.invalid(type.kind(), type.errorName(), Meta.name(object), causes);
        }
    }

    private void checkTypeMeta(ObjectNode body) {
        String apiVersion = body.path("apiVersion").asText("");
        String kind = body.path("kind").asText("");
        if (apiVersion.isEmpty() && kind.isEmpty()) {
            body.put("apiVersion", type.apiVersion());
            body.put("kind", type.kind());
            return;
        }
        if (!apiVersion.equals(type.apiVersion()) || !kind.equals(type.kind())) {
            throw StatusException.badRequest("the API version in the data (" + apiVersion
                    + ") and kind (" + kind + ") do not match the resource "
                    + type.apiVersion() + ", Kind=" + type.kind());
        }
    }

    private void placeInNamespace(ObjectNode body, String namespace) {
        ObjectNode meta = Meta.of(body);
        if (!type.namespaced()) {
            meta.remove("namespace");
            return;
        }
        String inBody = Meta.namespace(body);
        if (inBody.isEmpty()) {
            meta.put("namespace", namespace);
        } else if (!inBody.equals(namespace)) {
            throw StatusException.badRequest("the namespace of the provided object does not match"
                    + " the namespace sent on the request");
        }
    }

    private String namespace(ObjectNode o) {
        return type.namespaced() ? Meta.namespace(o) : null;
    }

    private static byte[] encode(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        Meta.of(copy).remove("resourceVersion");
        return Json.bytes(copy);
    }

    private String randomSuffix() {
        StringBuilder b = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            b.append(GENERATE_ALPHABET.charAt(random.nextInt(GENERATE_ALPHABET.length())));
        }
        return b.toString();
    }

    StatusException notFound(String name) {
        return StatusException.notFound(type.errorName(), name);
    }

    StatusException conflict(String name) {
        return StatusException.conflict(type.errorName(), name, "the object has been modified;"
                + " please apply your changes to the latest version and try again");
    }

    Clock clock() {
        return clock;
    }

    /** Runs a store call, turning what the store cannot do into API errors. */
    static <T> T call(java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (KeyExistsException | KeyNotFoundException | ConflictException e) {
            throw e;
        } catch (CompactedException e) {
            throw StatusException.expired("too old resource version: " + e.getMessage());
        } catch (StoreUnavailableException e) {
            throw StatusException.serviceUnavailable("the datastore is unavailable: "
                    + e.getMessage());
        } catch (StoreException e) {
            throw StatusException.internal("datastore error: " + e.getMessage());
        }
    }
}
