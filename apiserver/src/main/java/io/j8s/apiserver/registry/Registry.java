package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.fields.ManagedFields;
import io.j8s.apiserver.fields.Scope;
import io.j8s.apiserver.wire.GoZeroValues;
import io.j8s.store.CompactedException;
import io.j8s.store.ConflictException;
import io.j8s.store.FutureRevisionException;
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
    /** How long an unconditional update keeps trying while other writes win the race. */
    private static final long UNCONDITIONAL_UPDATE_NANOS = 30_000_000_000L;

    private final ResourceType type;
    private final ResourceType storage;
    private final Store store;
    private final Strategy strategy;
    private final Clock clock;
    private final Admission admission;
    private final SecureRandom random = new SecureRandom();
    private volatile WatchCache cache;

    Registry(ResourceType type, Store store, Strategy strategy, Clock clock, Admission admission) {
        this(type, type, store, strategy, clock, admission);
    }

    /**
     * @param storage the version objects are stored at: {@code type} itself, or another version
     *     of the kind served under the same storage prefix ({@code autoscaling/v2} for
     *     {@code autoscaling/v1} horizontalpodautoscalers)
     */
    Registry(ResourceType type, ResourceType storage, Store store, Strategy strategy, Clock clock,
            Admission admission) {
        this.type = type;
        this.storage = storage;
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

    /** What is particular to this kind. */
    public Strategy strategy() {
        return strategy;
    }

    // ---- reads -------------------------------------------------------------------------------

    public ObjectNode get(String namespace, String name) {
        return read(namespace, name).orElseThrow(() -> notFound(name));
    }

    /**
     * The object as the watch cache holds it, read-only and perhaps a moment behind the store
     * (what upstream's authenticators read from their informers); from the store when the cache
     * is not ready.
     */
    public Optional<ObjectNode> readCached(String namespace, String name) {
        WatchCache c = cache;
        if (c != null) {
            Optional<ObjectNode> o = c.peek(type.key(namespace, name));
            if (o != null) {
                return o;
            }
        }
        return read(namespace, name);
    }

    /** The object, if it exists; as {@link #get} without the 404. */
    public Optional<ObjectNode> read(String namespace, String name) {
        Optional<KeyValue> kv = call(() -> store.get(type.key(namespace, name)));
        return kv.map(this::decode);
    }

    /**
     * The stored object with its resourceVersion, apiVersion and kind filled in; converted to this
     * resource's version when it is stored at another.
     */
    ObjectNode decode(KeyValue kv) {
        ObjectNode o = Json.tree(kv.value());
        String stored = o.path("apiVersion").asText("");
        if (!stored.isEmpty() && !stored.equals(type.apiVersion())) {
            o.put("kind", type.kind());
            o = strategy.convert(o, type.apiVersion());
            GoZeroValues.fill(o, type.type());
        }
        o.put("apiVersion", type.apiVersion());
        o.put("kind", type.kind());
        strategy.decoded(o);
        Meta.of(o).put("resourceVersion", Long.toString(kv.modRevision()));
        return o;
    }

    public ListResult list(String namespace, ListOptions options) {
        long required = Freshness.required(options);
        if (required > 0) {
            Freshness.await(this, cache, required);
        }
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

    /** Why this resource's watch cache is not ready, or null when it is (or there is none). */
    public String cacheProblem() {
        WatchCache c = cache;
        return c == null ? null : c.problem();
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
        String refused = strategy.refuseCreate();
        if (refused != null) {
            throw StatusException.methodNotAllowed(refused);
        }
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
        admission.mutateCreate(type, body, options);
        strategy.prepareForCreate(body, options);
        GoZeroValues.fill(body, type.type());
        validate(body, null, "");
        return admission.aroundCreate(type, body, options.dryRun(),
                () -> admitAndStore(body, options));
    }

    private ObjectNode admitAndStore(ObjectNode body, WriteOptions options) {
        admission.admitCreate(type, body, options);
        if (options.user() != null) {
            admission.checkWrite(type, "", body, null, options.user());
        }
        Runnable undo = allocate(body, null, options.dryRun());
        if (options.dryRun()) {
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
     * Replaces an object (PUT). With a resourceVersion in the body the write is guarded by it (a
     * stale one is a 409); without one it replaces whatever is there, trying again when another
     * write lands in between, as upstream's GuaranteedUpdate does.
     *
     * @param subresource empty for the object itself, {@code status}, {@code finalize} or
     *     {@code approval}
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
        long deadline = System.nanoTime() + UNCONDITIONAL_UPDATE_NANOS;
        while (true) {
            Optional<ObjectNode> current = read(namespace, name);
            try {
                if (current.isEmpty()) {
                    if (strategy.allowCreateOnUpdate() && subresource.isEmpty()) {
                        ObjectNode created = body.deepCopy();
                        Meta.of(created).remove("resourceVersion");
                        return create(namespace, created, options);
                    }
                    throw notFound(name);
                }
                ObjectNode old = current.get();
                if (!expected.isEmpty() && !expected.equals(Meta.resourceVersion(old))) {
                    throw conflict(name);
                }
                return write(old, merged(old, body.deepCopy(), subresource), subresource,
                        options);
            } catch (StatusException e) {
                boolean raced = "Conflict".equals(e.reason())
                        || "AlreadyExists".equals(e.reason()) && current.isEmpty();
                if (!raced || !expected.isEmpty() || System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
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
                // The object moved between the read and the write. A resourceVersion the patch
                // named is checked against the new object on the next attempt; without one, the
                // patch applies to whatever is current, as upstream's GuaranteedUpdate does.
                if (!"Conflict".equals(e.reason()) || attempt >= PATCH_RETRIES) {
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
            next = subresource.isEmpty() ? body.deepCopy()
                    : strategy.updateThrough(subresource, old, body);
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
            GoZeroValues.fill(next, type.type()); // as stored, so zeros are no change
            boolean withStatus = !strategy.generationIgnoresStatus();
            if (strategy.tracksGeneration()
                    && !Objects.equals(spec(old, withStatus), spec(next, withStatus))) {
                meta.put("generation", oldMeta.path("generation").asLong(0) + 1);
            }
        }
        Meta.of(next).put("resourceVersion", Meta.resourceVersion(old));
        return next;
    }

    /** What a change of bumps the generation: all but metadata (and status, unless asked). */
    private static JsonNode spec(ObjectNode o, boolean withStatus) {
        ObjectNode copy = o.deepCopy();
        copy.remove(List.of("metadata", "apiVersion", "kind"));
        if (!withStatus) {
            copy.remove("status");
        }
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
        admission.mutateUpdate(type, next, old, subresource, options);
        GoZeroValues.fill(next, type.type());
        validate(next, old, subresource);
        admission.admitUpdate(type, next, old, subresource, options);
        if (options.user() != null) {
            admission.checkWrite(type, subresource, next, old, options.user());
        }
        long expected = Long.parseLong(Meta.resourceVersion(old));
        if (Meta.deleting(next) && !Meta.hasFinalizers(next)
                && Meta.text(next, "deletionGracePeriodSeconds").equals("0")
                && strategy.deleteDuringUpdate(next)) {
            return options.dryRun() ? next : deleteNow(next, expected);
        }
        Runnable undo = allocate(next, old, options.dryRun());
        if (options.dryRun()) {
            return next;
        }
        boolean stored = false;
        try {
            Meta.of(next).remove("resourceVersion");
            KeyValue kv = call(() -> store.update(type.key(namespace(next), Meta.name(next)),
                    encode(next), expected));
            stored = true;
            strategy.release(old, next);
            ObjectNode written = decode(kv);
            admission.written(type, old, written);
            return written;
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
    /** Admission's say on deleting {@code current}: webhooks and policies may refuse it. */
    void admitDelete(ObjectNode current, WriteOptions options) {
        admission.admitDelete(type, current, options);
    }

    ObjectNode deleteNow(ObjectNode object, long expectedRevision) {
        try {
            io.j8s.store.StoreWriter.Deleted d = call(() -> store.delete(
                    type.key(namespace(object), Meta.name(object)), expectedRevision));
            ObjectNode gone = decode(d.previous());
            Meta.of(gone).put("resourceVersion", Long.toString(d.revision()));
            strategy.release(gone, null);
            admission.written(type, gone, null);
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

    private Runnable allocate(ObjectNode object, ObjectNode old, boolean dryRun) {
        try {
            return strategy.allocate(object, old, dryRun);
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
        } else {
            causes.addAll(strategy.validateCreate(object));
        }
        if (!causes.isEmpty()) {
            throw StatusException.invalid(type.kind(), type.errorName(), Meta.name(object), causes);
        }
    }

    /**
     * The body's apiVersion and kind, each filled in from the endpoint when missing (as upstream's
     * decoder defaults them); what is given must be the endpoint's.
     */
    private void checkTypeMeta(ObjectNode body) {
        String apiVersion = body.path("apiVersion").asText("");
        String kind = body.path("kind").asText("");
        if (apiVersion.isEmpty()) {
            apiVersion = type.apiVersion();
            body.put("apiVersion", apiVersion);
        }
        if (kind.isEmpty()) {
            kind = type.kind();
            body.put("kind", kind);
        }
        if (!apiVersion.equals(type.apiVersion())) {
            throw StatusException.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + type.apiVersion() + ")");
        }
        if (!kind.equals(type.kind())) {
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

    /**
     * The object as stored: without resourceVersion, at the storage version. Empty
     * {@code ownerReferences} and {@code finalizers} are dropped from the object itself first, as
     * upstream's omitempty drops them: a controller that releases an object's last owner leaves
     * no {@code "ownerReferences": []} behind.
     */
    private byte[] encode(ObjectNode object) {
        ObjectNode meta = Meta.of(object);
        for (String list : new String[] {"ownerReferences", "finalizers"}) {
            JsonNode value = meta.get(list);
            if (value != null && (value.isNull() || (value.isArray() && value.isEmpty()))) {
                meta.remove(list);
            }
        }
        ObjectNode copy = object.deepCopy();
        Meta.of(copy).remove("resourceVersion");
        if (storage != type) {
            copy.put("apiVersion", type.apiVersion()).put("kind", type.kind());
            copy = strategy.convert(copy, storage.apiVersion());
            GoZeroValues.fill(copy, storage.type());
        }
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
        } catch (FutureRevisionException e) {
            throw Freshness.tooLarge(e.requested(), e.current());
        } catch (StoreUnavailableException e) {
            throw StatusException.serviceUnavailable("the datastore is unavailable: "
                    + e.getMessage());
        } catch (StoreException e) {
            throw StatusException.internal("datastore error: " + e.getMessage());
        }
    }
}
