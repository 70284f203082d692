package io.j8s.api.codec;

import static io.j8s.api.codec.ProtobufBodies.body;
import static io.j8s.api.codec.ProtobufBodies.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.j8s.api.errors.StatusException;
import io.kubernetes.client.proto.IntStr.IntOrString;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Meta.ObjectMeta;
import io.kubernetes.client.proto.Resource.Quantity;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProtobufTest {

    /** What kubectl sends: every Go value on the wire, zero or not. */
    private static ObjectMeta.Builder goMeta(String name) {
        return ObjectMeta.newBuilder().setName(name).setGenerateName("").setNamespace("")
                .setSelfLink("").setUid("").setResourceVersion("").setGeneration(0)
                .setCreationTimestamp(Meta.Time.getDefaultInstance());
    }

    private static ObjectNode roundTrip(ObjectNode decoded) {
        return Protobuf.decode(Protobuf.encode(decoded));
    }

    @Test
    void namespaceAsKubectlSendsIt() {
        V1.Namespace ns = V1.Namespace.newBuilder()
                .setMetadata(goMeta("demo"))
                .setSpec(V1.NamespaceSpec.getDefaultInstance())
                .setStatus(V1.NamespaceStatus.newBuilder().setPhase(""))
                .build();

        ObjectNode decoded = Protobuf.decode(body("v1", "Namespace", ns));

        // exactly `kubectl create ns demo --dry-run=client -o json`
        assertThat(decoded).isEqualTo(json("""
                {"apiVersion":"v1","kind":"Namespace",
                 "metadata":{"name":"demo","creationTimestamp":null},"spec":{},"status":{}}"""));
        assertThat(decoded.fieldNames().next()).isEqualTo("apiVersion");
        assertThat(roundTrip(decoded)).isEqualTo(decoded);
    }

    @Test
    void configMapWithDataAndBinaryData() {
        V1.ConfigMap cm = V1.ConfigMap.newBuilder()
                .setMetadata(goMeta("c1").setNamespace("default")
                        .putLabels("app", "web").putLabels("tier", "front"))
                .putData("b", "2").putData("a", "1")
                .putBinaryData("bin", ByteString.copyFrom(new byte[] {0, 1, 2, (byte) 0xff}))
                .build();

        ObjectNode decoded = Protobuf.decode(body("v1", "ConfigMap", cm));

        assertThat(decoded).isEqualTo(json("""
                {"apiVersion":"v1","kind":"ConfigMap",
                 "metadata":{"name":"c1","namespace":"default","creationTimestamp":null,
                             "labels":{"app":"web","tier":"front"}},
                 "data":{"a":"1","b":"2"},"binaryData":{"bin":"AAEC/w=="}}"""));
        assertThat(decoded.get("data").fieldNames().next()).as("Go sorts map keys").isEqualTo("a");
        assertThat(roundTrip(decoded)).isEqualTo(decoded);
    }

    @Test
    void secretDataIsBase64() {
        V1.Secret secret = V1.Secret.newBuilder()
                .setMetadata(goMeta("s1"))
                .putData("password", ByteString.copyFromUtf8("hunter2"))
                .setType("Opaque")
                .build();

        ObjectNode decoded = Protobuf.decode(body("v1", "Secret", secret));

        assertThat(decoded.get("data")).isEqualTo(json("{\"password\":\"aHVudGVyMg==\"}"));
        assertThat(decoded.get("type").asText()).isEqualTo("Opaque");
        assertThat(roundTrip(decoded)).isEqualTo(decoded);
    }

    @Test
    void deploymentWithTemplateContainersResourcesAndOwners() {
        long created = Instant.parse("2024-01-02T03:04:05Z").getEpochSecond();
        V1.Container container = V1.Container.newBuilder()
                .setName("nginx").setImage("nginx:1.27").setWorkingDir("").setImagePullPolicy("")
                .setStdin(false).setTty(false)
                .addPorts(V1.ContainerPort.newBuilder().setName("").setContainerPort(80)
                        .setProtocol("TCP").setHostPort(0))
                .setResources(V1.ResourceRequirements.newBuilder()
                        .putRequests("cpu", Quantity.newBuilder().setString("100m").build())
                        .putRequests("memory", Quantity.newBuilder().setString("64Mi").build())
                        .putLimits("memory", Quantity.newBuilder().setString("128Mi").build()))
                .build();
        V1Apps.Deployment d = V1Apps.Deployment.newBuilder()
                .setMetadata(goMeta("web").setNamespace("default").setGeneration(3)
                        .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(created).setNanos(5))
                        .putLabels("app", "web")
                        .addOwnerReferences(Meta.OwnerReference.newBuilder().setApiVersion("v1")
                                .setKind("Namespace").setName("default").setUid("u-1")
                                .setController(true).setBlockOwnerDeletion(false)))
                .setSpec(V1Apps.DeploymentSpec.newBuilder()
                        .setReplicas(0) // a pointer: an explicit 0 must survive
                        .setMinReadySeconds(0) // not a pointer, omitempty: left out
                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web"))
                        .setTemplate(V1.PodTemplateSpec.newBuilder()
                                .setMetadata(goMeta("").putLabels("app", "web"))
                                .setSpec(V1.PodSpec.newBuilder()
                                        .addContainers(container)
                                        .setRestartPolicy("").setHostNetwork(false)
                                        .setAutomountServiceAccountToken(false)))
                        .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setType("")))
                .setStatus(V1Apps.DeploymentStatus.getDefaultInstance())
                .build();

        ObjectNode decoded = Protobuf.decode(body("apps/v1", "Deployment", d));

        assertThat(decoded).isEqualTo(json("""
                {"apiVersion":"apps/v1","kind":"Deployment",
                 "metadata":{"name":"web","namespace":"default","generation":3,
                   "creationTimestamp":"2024-01-02T03:04:05Z","labels":{"app":"web"},
                   "ownerReferences":[{"apiVersion":"v1","kind":"Namespace","name":"default",
                     "uid":"u-1","controller":true,"blockOwnerDeletion":false}]},
                 "spec":{"replicas":0,"selector":{"matchLabels":{"app":"web"}},
                   "template":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},
                     "spec":{"containers":[{"name":"nginx","image":"nginx:1.27",
                         "ports":[{"containerPort":80,"protocol":"TCP"}],
                         "resources":{"limits":{"memory":"128Mi"},
                                      "requests":{"cpu":"100m","memory":"64Mi"}}}],
                       "automountServiceAccountToken":false}},
                   "strategy":{}},
                 "status":{}}"""));
        assertThat(roundTrip(decoded)).isEqualTo(decoded);
    }

    @Test
    void serviceTargetPortIsNumberOrName() {
        V1.Service svc = V1.Service.newBuilder()
                .setMetadata(goMeta("web"))
                .setSpec(V1.ServiceSpec.newBuilder()
                        .addPorts(V1.ServicePort.newBuilder().setName("http").setProtocol("TCP")
                                .setPort(80).setTargetPort(IntOrString.newBuilder().setType(0).setIntVal(8080)))
                        .addPorts(V1.ServicePort.newBuilder().setName("metrics").setPort(9090)
                                .setTargetPort(IntOrString.newBuilder().setType(1).setStrVal("metrics")))
                        .addPorts(V1.ServicePort.newBuilder().setName("unset").setPort(81)
                                .setTargetPort(IntOrString.newBuilder().setType(0).setIntVal(0).setStrVal("")))
                        .setType("ClusterIP"))
                .build();

        ObjectNode decoded = Protobuf.decode(body("v1", "Service", svc));

        assertThat(decoded.at("/spec/ports")).isEqualTo(json("""
                {"p":[{"name":"http","protocol":"TCP","port":80,"targetPort":8080},
                      {"name":"metrics","port":9090,"targetPort":"metrics"},
                      {"name":"unset","port":81,"targetPort":0}]}""").get("p"));
        assertThat(roundTrip(decoded)).isEqualTo(decoded);
    }

    @Test
    void inlineStructsAreFlattened() {
        V1.Pod pod = V1.Pod.newBuilder()
                .setMetadata(goMeta("p"))
                .setSpec(V1.PodSpec.newBuilder()
                        .addVolumes(V1.Volume.newBuilder().setName("cfg").setVolumeSource(
                                V1.VolumeSource.newBuilder().setConfigMap(V1.ConfigMapVolumeSource.newBuilder()
                                        .setLocalObjectReference(V1.LocalObjectReference.newBuilder().setName("c1"))
                                        .setOptional(false))))
                        .addContainers(V1.Container.newBuilder().setName("c").setImage("i")
                                .setLivenessProbe(V1.Probe.newBuilder().setPeriodSeconds(5)
                                        .setHandler(V1.ProbeHandler.newBuilder().setHttpGet(
                                                V1.HTTPGetAction.newBuilder().setPath("/healthz")
                                                        .setPort(IntOrString.newBuilder().setType(1).setStrVal("http")))))))
                .build();

        ObjectNode decoded = Protobuf.decode(body("v1", "Pod", pod));

        assertThat(decoded.at("/spec/volumes/0")).isEqualTo(json("""
                {"name":"cfg","configMap":{"name":"c1","optional":false}}"""));
        assertThat(decoded.at("/spec/containers/0/livenessProbe")).isEqualTo(json("""
                {"httpGet":{"path":"/healthz","port":"http"},"periodSeconds":5}"""));
        assertThat(roundTrip(decoded)).isEqualTo(decoded);
    }

    @Test
    void microTimeRawExtensionAndManagedFields() {
        long t = Instant.parse("2024-05-06T07:08:09Z").getEpochSecond();
        V1.Event event = V1.Event.newBuilder()
                .setMetadata(goMeta("e").addManagedFields(Meta.ManagedFieldsEntry.newBuilder()
                        .setManager("kubectl").setOperation("Update").setFieldsType("FieldsV1")
                        .setFieldsV1(Meta.FieldsV1.newBuilder().setRaw(
                                ByteString.copyFromUtf8("{\"f:data\":{\"f:a\":{}}}")))))
                .setEventTime(Meta.MicroTime.newBuilder().setSeconds(t).setNanos(123_456_789))
                .setLastTimestamp(Meta.Time.getDefaultInstance())
                .build();
        V1Apps.ControllerRevision revision = V1Apps.ControllerRevision.newBuilder()
                .setMetadata(goMeta("web-1"))
                .setData(io.kubernetes.client.proto.Runtime.RawExtension.newBuilder()
                        .setRaw(ByteString.copyFromUtf8("{\"spec\":{\"template\":{\"x\":[1,\"a\"]}}}")))
                .setRevision(1)
                .build();

        ObjectNode e = Protobuf.decode(body("v1", "Event", event));
        ObjectNode r = Protobuf.decode(body("apps/v1", "ControllerRevision", revision));

        assertThat(e.get("eventTime").asText()).isEqualTo("2024-05-06T07:08:09.123456Z");
        assertThat(e.get("lastTimestamp").isNull()).isTrue();
        assertThat(e.at("/metadata/managedFields/0")).isEqualTo(json("""
                {"manager":"kubectl","operation":"Update","fieldsType":"FieldsV1",
                 "fieldsV1":{"f:data":{"f:a":{}}}}"""));
        assertThat(r.get("data")).isEqualTo(json("{\"spec\":{\"template\":{\"x\":[1,\"a\"]}}}"));
        assertThat(roundTrip(e)).isEqualTo(e);
        assertThat(roundTrip(r)).isEqualTo(r);
    }

    @Test
    void renamedFieldsUseTheirJsonNames() {
        var webhooks = io.kubernetes.client.proto.V1Admissionregistration.ValidatingWebhookConfiguration.newBuilder()
                .setMetadata(goMeta("w"))
                .addWebhooks(io.kubernetes.client.proto.V1Admissionregistration.ValidatingWebhook.newBuilder()
                        .setName("v.example.com"))
                .build();

        ObjectNode decoded = Protobuf.decode(body("admissionregistration.k8s.io/v1",
                "ValidatingWebhookConfiguration", webhooks));

        assertThat(decoded.at("/webhooks/0/name").asText()).isEqualTo("v.example.com");
        assertThat(decoded.has("Webhooks")).isFalse();
        assertThat(roundTrip(decoded)).isEqualTo(decoded);
    }

    @Test
    void deleteOptionsAreReadInAnyGroupVersion() {
        Meta.DeleteOptions options = Meta.DeleteOptions.newBuilder()
                .setPropagationPolicy("Foreground").setGracePeriodSeconds(0).build();

        for (String apiVersion : new String[] {"v1", "apps/v1", "meta.k8s.io/v1", "coordination.k8s.io/v1"}) {
            assertThat(Protobuf.decode(body(apiVersion, "DeleteOptions", options)))
                    .isEqualTo(json("{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"DeleteOptions\","
                            + "\"gracePeriodSeconds\":0,\"propagationPolicy\":\"Foreground\"}"));
        }
    }

    @Test
    void bodyWithoutMagicIsABadRequest() {
        byte[] body = body("v1", "Namespace", V1.Namespace.getDefaultInstance());

        assertBadRequest(Arrays.copyOfRange(body, 4, body.length), "k8s");
        assertBadRequest("{\"kind\":\"Namespace\"}".getBytes(StandardCharsets.UTF_8), "k8s");
        assertBadRequest(new byte[0], "k8s");
        assertBadRequest(null, "k8s");
    }

    @Test
    void truncatedBodyIsABadRequest() {
        byte[] body = body("v1", "Namespace", V1.Namespace.newBuilder().setMetadata(goMeta("demo")).build());

        for (int length = 5; length < body.length; length++) {
            byte[] cut = Arrays.copyOf(body, length);
            try {
                Protobuf.decode(cut);
            } catch (StatusException e) {
                assertThat(e.code()).isEqualTo(400);
            }
        }
        assertBadRequest(Arrays.copyOf(body, body.length - 3), "protobuf body");
    }

    @Test
    void unknownKindIsABadRequestAndAMissingMessageUnsupported() {
        assertBadRequest(body("v1", "Deployment", V1.Namespace.getDefaultInstance()),
                "no kind \"Deployment\" is registered for version \"v1\"");
        assertBadRequest(body("nosuch.example.com/v1", "Thing", new byte[0]), "no kind \"Thing\"");
        assertBadRequest(body("v1", "", new byte[0]), "Kind");
        assertBadRequest(body("", "Namespace", new byte[0]), "apiVersion");

        // Kubernetes has leases, client-java-proto has no message for them
        assertThatThrownBy(() -> Protobuf.decode(body("coordination.k8s.io/v1", "Lease", new byte[0])))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(415);
                    assertThat(e.reason()).isEqualTo("UnsupportedMediaType");
                    assertThat(e.getMessage()).contains("Lease", "application/json");
                });
    }

    @Test
    void newerFieldsWithValuesAreRefusedAndZeroOnesDropped() {
        // PodSpec.resources (#40, pod-level resources) came in Kubernetes 1.32: our messages lack it
        V1.ResourceRequirements podResources = V1.ResourceRequirements.newBuilder()
                .putLimits("cpu", Quantity.newBuilder().setString("1").build()).build();
        V1.Pod withResources = V1.Pod.newBuilder().setMetadata(goMeta("p")).setSpec(V1.PodSpec.newBuilder()
                .setUnknownFields(UnknownFieldSet.newBuilder().addField(40, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(podResources.toByteString()).build()).build())).build();
        // PodStatus.observedGeneration (#17) came in 1.33; Go writes it even when 0
        V1.Pod withZeros = V1.Pod.newBuilder().setMetadata(goMeta("p")).setStatus(V1.PodStatus.newBuilder()
                .setPhase("")
                .setUnknownFields(UnknownFieldSet.newBuilder()
                        .addField(17, UnknownFieldSet.Field.newBuilder().addVarint(0).build())
                        .addField(99, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.EMPTY).build())
                        .addField(98, UnknownFieldSet.Field.newBuilder() // a struct of zero values
                                .addLengthDelimited(ByteString.copyFrom(new byte[] {0x0a, 0x00, 0x10, 0x00})).build())
                        .build())).build();

        assertThatThrownBy(() -> Protobuf.decode(body("v1", "Pod", withResources)))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(415);
                    assertThat(e.getMessage()).contains("field 40 of k8s.io.api.core.v1.PodSpec", "application/json");
                });
        assertThat(Protobuf.decode(body("v1", "Pod", withZeros)).get("status")).isEqualTo(json("{}"));
    }

    @Test
    void timesOutsideGoRangeAreBadRequests() {
        V1.Namespace ns = V1.Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("x")
                .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(Long.MAX_VALUE))).build();

        assertBadRequest(body("v1", "Namespace", ns), "protobuf body");
    }

    @Test
    void embeddedRawThatIsNotJsonIsABadRequest() {
        V1Apps.ControllerRevision revision = V1Apps.ControllerRevision.newBuilder()
                .setData(io.kubernetes.client.proto.Runtime.RawExtension.newBuilder()
                        .setRaw(ByteString.copyFromUtf8("{not json")))
                .build();

        assertBadRequest(body("apps/v1", "ControllerRevision", revision), "not JSON");
    }

    @Test
    void encodeRefusesKindsWithoutAMessageAndTreesThatDoNotFit() {
        assertThatThrownBy(() -> Protobuf.encode(json("{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\"}")))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(406));
        assertThatThrownBy(() -> Protobuf.encode(json(
                "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"spec\":{\"replicas\":\"two\"}}")))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(500);
                    assertThat(e.getMessage()).contains("Deployment.spec.replicas");
                });
    }

    @Test
    void encodeDropsKeysTheMessageLacks() {
        ObjectNode decoded = Protobuf.decode(Protobuf.encode(json("""
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","bogus":1},"data":{"a":"b"},"x":2}""")));

        assertThat(decoded).isEqualTo(json("""
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"b"}}"""));
    }

    private static void assertBadRequest(byte[] body, String messagePart) {
        assertThatThrownBy(() -> Protobuf.decode(body))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.reason()).isEqualTo("BadRequest");
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }
}
