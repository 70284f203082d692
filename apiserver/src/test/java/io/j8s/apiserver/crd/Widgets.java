package io.j8s.apiserver.crd;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.j8s.api.codec.Json;
import java.util.Map;

/** The CustomResourceDefinitions the tests of this package serve. */
final class Widgets {
    static final String YAML = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd], categories: [all]}
              versions:
              - name: v1beta1
                served: true
                storage: false
                schema:
                  openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
              - name: v1
                served: true
                storage: true
                selectableFields: [{jsonPath: .spec.color}]
                subresources:
                  status: {}
                  scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas, labelSelectorPath: .status.selector}
                additionalPrinterColumns:
                - {name: Color, type: string, jsonPath: .spec.color}
                - {name: Replicas, type: integer, jsonPath: .spec.replicas}
                - {name: Ready, type: string, jsonPath: '.status.conditions[?(@.type=="Ready")].status', priority: 1}
                - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          color: {type: string, maxLength: 20}
                          replicas: {type: integer, default: 1, minimum: 0}
                          ports:
                            type: array
                            x-kubernetes-list-type: map
                            x-kubernetes-list-map-keys: [name]
                            items:
                              type: object
                              required: [name]
                              properties:
                                name: {type: string}
                                port: {type: integer}
                      status:
                        type: object
                        x-kubernetes-preserve-unknown-fields: true
            """;

    static final ResourceDefinitionContext V1 = context("v1");
    static final ResourceDefinitionContext V1BETA1 = context("v1beta1");

    private Widgets() {}

    static CustomResourceDefinition definition() {
        return Json.convert(Json.parseObject(YAML.getBytes(), true),
                CustomResourceDefinition.class);
    }

    static ResourceDefinitionContext context(String version) {
        return new ResourceDefinitionContext.Builder().withGroup("example.com")
                .withVersion(version).withKind("Widget").withPlural("widgets")
                .withNamespaced(true).build();
    }

    static GenericKubernetesResource widget(String name, String color, int replicas) {
        GenericKubernetesResource w = new GenericKubernetesResource();
        w.setApiVersion("example.com/v1");
        w.setKind("Widget");
        w.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name)
                .withNamespace("default").addToLabels("app", "w").build());
        w.setAdditionalProperty("spec", Map.of("color", color, "replicas", replicas));
        return w;
    }

    static boolean established(KubernetesClient client, String name) {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .withName(name).get();
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
    }
}
