package io.j8s.apiserver.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import io.j8s.apiserver.admission.ClusterObjects;
import io.j8s.apiserver.crd.CustomResourceConverter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The {@code Webhook} conversion of custom resources: a ConversionReview (v1, or v1beta1 when the
 * definition lists only that) POSTed over HTTPS to the definition's
 * {@code spec.conversion.webhook.clientConfig}, and the answer checked as upstream checks it:
 * its uid, one converted object per object sent, each at the desired apiVersion and of the same
 * kind, with no change to metadata but labels and annotations. Objects already at the desired
 * version are not sent.
 */
public final class ConversionWebhook implements CustomResourceConverter {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> SUPPORTED = List.of("v1", "v1beta1");
    private final WebhookClient client;

    private ConversionWebhook(WebhookClient client) {
        this.client = client;
    }

    /** A converter that reaches service references through {@code objects}' Services. */
    public static ConversionWebhook create(ClusterObjects objects) {
        return new ConversionWebhook(new WebhookClient(Objects.requireNonNull(objects)));
    }

    @Override
    public List<ObjectNode> convert(CustomResourceDefinition crd, List<ObjectNode> objects,
            String desiredApiVersion) {
        List<Integer> sent = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            if (!objects.get(i).path("apiVersion").asText().equals(desiredApiVersion)) {
                sent.add(i);
            }
        }
        if (sent.isEmpty()) {
            return objects;
        }
        JsonNode definition = Json.tree(crd);
        JsonNode webhook = definition.path("spec").path("conversion").path("webhook");
        ObjectNode first = objects.get(sent.get(0));
        String gvk = first.path("apiVersion").asText() + ", Kind=" + first.path("kind").asText();
        try {
            String version = null;
            for (JsonNode v : webhook.path("conversionReviewVersions")) {
                if (version == null && SUPPORTED.contains(v.asText())) {
                    version = v.asText();
                }
            }
            if (version == null) {
                throw new WebhookClient.CallException("webhook does not accept known"
                        + " ConversionReview versions (v1, v1beta1)");
            }
            ObjectNode review = Json.MAPPER.createObjectNode()
                    .put("apiVersion", "apiextensions.k8s.io/" + version)
                    .put("kind", "ConversionReview");
            String uid = UUID.randomUUID().toString();
            ObjectNode request = review.putObject("request").put("uid", uid)
                    .put("desiredAPIVersion", desiredApiVersion);
            ArrayNode items = request.putArray("objects");
            sent.forEach(i -> items.add(objects.get(i)));
            ObjectNode answer = client.post(webhook.path("clientConfig"), review, TIMEOUT);
            List<ObjectNode> converted = ConversionReviews.converted(review, answer, uid,
                    sent.stream().map(objects::get).toList(), desiredApiVersion);
            List<ObjectNode> out = new ArrayList<>(objects);
            for (int j = 0; j < sent.size(); j++) {
                out.set(sent.get(j), converted.get(j));
            }
            return out;
        } catch (WebhookClient.CallException e) {
            throw StatusException.internal("Internal error occurred: conversion webhook for "
                    + gvk + " failed: " + e.getMessage());
        }
    }
}
