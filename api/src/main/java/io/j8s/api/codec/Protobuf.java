package io.j8s.api.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.j8s.api.errors.StatusException;

/**
 * The Kubernetes protobuf encoding ({@value #MEDIA_TYPE}) of built-in kinds, read into and
 * written from the JSON tree of the Kubernetes JSON encoding.
 *
 * <p>kubectl and every client-go typed client send built-in kinds in protobuf, with no JSON
 * fallback, so the API server must read it; answers may stay JSON when the client accepts it.
 * The messages come from client-java-proto (its core messages are Kubernetes 1.30's, and some
 * groups are missing: see {@link ProtobufKinds}); what their descriptors do not say about JSON
 * (omitted zero values, flattened structs, renamed fields, API groups) comes from the Go types
 * of Kubernetes 1.33, through {@code go-json-tags.txt}.
 */
public final class Protobuf {
    public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

    private Protobuf() {
    }

    /**
     * The object of a protobuf request body as its JSON tree, {@code apiVersion} and
     * {@code kind} first (taken from the envelope).
     *
     * @throws StatusException 400 BadRequest for a body without the {@code k8s\0} prefix,
     *     truncated or garbled bytes, or a kind Kubernetes does not have in that apiVersion;
     *     415 UnsupportedMediaType for a kind Kubernetes has but j8s has no message for
     *     (coordination.k8s.io, discovery.k8s.io, autoscaling/v2, ...) or a field with a value
     *     that is newer than j8s's messages: such clients must send JSON
     */
    public static ObjectNode decode(byte[] body) {
        return decode(body, 0);
    }

    static ObjectNode decode(byte[] body, int envelopes) {
        try {
            Envelope envelope = Envelope.read(body);
            Descriptor type = ProtobufKinds.builtIn().find(envelope.apiVersion(), envelope.kind());
            DynamicMessage message = DynamicMessage.parseFrom(type, envelope.raw());
            ObjectNode out = ProtobufToJson.NODES.objectNode()
                    .put("apiVersion", envelope.apiVersion()).put("kind", envelope.kind());
            out.setAll(new ProtobufToJson(envelopes).object(message));
            return out;
        } catch (StatusException e) {
            throw e;
        } catch (InvalidProtocolBufferException e) {
            throw StatusException.badRequest("protobuf body: " + e.getMessage());
        } catch (RuntimeException e) { // out-of-range times and the like: the bytes are at fault
            throw StatusException.badRequest("protobuf body: " + e.getMessage());
        }
    }

    /**
     * The protobuf body of an object given as its JSON tree; keys its message lacks are dropped.
     *
     * @throws StatusException 406 NotAcceptable for a kind without a protobuf message (custom
     *     resources, as upstream), 500 InternalError for a tree that does not fit its kind
     */
    public static byte[] encode(ObjectNode object) {
        String apiVersion = object.path("apiVersion").asText("");
        String kind = object.path("kind").asText("");
        Descriptor type;
        try {
            type = ProtobufKinds.builtIn().find(apiVersion, kind);
        } catch (StatusException e) {
            throw StatusException.notAcceptable("cannot encode " + kind + " of " + apiVersion + " as "
                    + MEDIA_TYPE + ": " + e.getMessage());
        }
        DynamicMessage message;
        try {
            message = JsonToProtobuf.message(type, object, kind);
        } catch (RuntimeException e) {
            throw StatusException.internal("cannot encode " + kind + " as " + MEDIA_TYPE + ": "
                    + e.getMessage());
        }
        return new Envelope(apiVersion, kind, message.toByteString()).write();
    }
}
