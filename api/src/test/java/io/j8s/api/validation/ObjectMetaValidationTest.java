package io.j8s.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.errors.StatusException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectMetaValidationTest {

    private static List<StatusCause> create(ObjectMeta meta) {
        return ObjectMetaValidation.validate(meta, true, NameRule.DNS1123_SUBDOMAIN);
    }

    static ObjectMetaBuilder valid() {
        return new ObjectMetaBuilder().withName("web").withNamespace("default");
    }

    @Test
    void validMetadataHasNoCauses() {
        assertThat(create(valid().withLabels(Map.of("app", "web"))
                .withAnnotations(Map.of("Example.com/Note", "anything at all"))
                .withFinalizers("example.com/cleanup", "orphan").build())).isEmpty();
    }

    @Test
    void invalidNameReadsAsUpstreamsMessage() {
        List<StatusCause> causes = create(valid().withName("Foo_Bar").build());
        StatusException e = StatusException.invalid("ConfigMap",
                new StatusException.Resource("", "configmaps"), "Foo_Bar", causes);
        assertThat(e.getMessage()).isEqualTo("ConfigMap \"Foo_Bar\" is invalid: metadata.name: "
                + "Invalid value: \"Foo_Bar\": " + NameFormatsTest.SUBDOMAIN_ERROR);
        assertThat(causes).extracting(StatusCause::getReason, StatusCause::getField)
                .containsExactly(tuple("FieldValueInvalid", "metadata.name"));
    }

    @Test
    void nameOrGenerateNameIsRequired() {
        assertThat(create(valid().withName(null).build())).singleElement().satisfies(c -> {
            assertThat(c.getReason()).isEqualTo("FieldValueRequired");
            assertThat(c.getField()).isEqualTo("metadata.name");
            assertThat(c.getMessage()).isEqualTo("Required value: name or generateName is required");
        });
    }

    @Test
    void generateNameIsCheckedAsAPrefix() {
        assertThat(create(valid().withGenerateName("web-").build())).isEmpty();
        assertThat(create(valid().withGenerateName("Web-").build()))
                .extracting(StatusCause::getField).containsExactly("metadata.generateName");
    }

    @Test
    void namespaceFollowsTheScope() {
        assertThat(create(valid().withNamespace(null).build())).singleElement()
                .extracting(StatusCause::getReason, StatusCause::getField, StatusCause::getMessage)
                .containsExactly("FieldValueRequired", "metadata.namespace", "Required value");
        assertThat(create(valid().withNamespace("a.b").build())).singleElement()
                .extracting(StatusCause::getMessage)
                .isEqualTo("Invalid value: \"a.b\": must not contain dots");
        assertThat(ObjectMetaValidation.validate(valid().build(), false, NameRule.DNS1123_SUBDOMAIN))
                .singleElement()
                .extracting(StatusCause::getReason, StatusCause::getField, StatusCause::getMessage)
                .containsExactly("FieldValueForbidden", "metadata.namespace",
                        "Forbidden: not allowed on this type");
    }

    @Test
    void labelsAnnotationsAndFinalizers() {
        List<StatusCause> causes = create(valid()
                .withLabels(Map.of("bad key", "ok", "ok", "bad value"))
                .withAnnotations(Map.of("a/b/c", "x"))
                .withFinalizers("orphan", "foregroundDeletion", "-x").build());
        assertThat(causes).extracting(StatusCause::getField, c -> c.getMessage().split(": ")[1])
                .containsExactly(
                        tuple("metadata.labels", "\"bad key\""),
                        tuple("metadata.labels", "\"bad value\""),
                        tuple("metadata.annotations", "\"a/b/c\""),
                        tuple("metadata.finalizers", "\"-x\""),
                        tuple("metadata.finalizers",
                                "[]string{\"orphan\", \"foregroundDeletion\", \"-x\"}"));
        assertThat(causes.get(4).getMessage()).isEqualTo("Invalid value: []string{\"orphan\", "
                + "\"foregroundDeletion\", \"-x\"}: finalizer orphan and foregroundDeletion cannot "
                + "be both set");
    }

    @Test
    void annotationsMayTotal256KiB() {
        String half = "x".repeat(128 * 1024);
        assertThat(create(valid().withAnnotations(Map.of("a", half, "b", half.substring(2))).build()))
                .isEmpty();
        assertThat(create(valid().withAnnotations(Map.of("a", half, "b", half)).build()))
                .singleElement()
                .extracting(StatusCause::getReason, StatusCause::getField, StatusCause::getMessage)
                .containsExactly("FieldValueTooLong", "metadata.annotations",
                        "Too long: may not be more than 262144 bytes");
    }

    @Test
    void ownerReferencesNeedApiVersionKindNameAndUid() {
        // fabric8 defaults an absent kind to "OwnerReference": set it empty as JSON "" would.
        var ref = new OwnerReferenceBuilder().withApiVersion("apps/").withKind("").build();
        assertThat(create(valid().withOwnerReferences(ref).build()))
                .extracting(StatusCause::getField, StatusCause::getMessage).containsExactly(
                        tuple("metadata.ownerReferences.apiVersion",
                                "Invalid value: \"apps/\": version must not be empty"),
                        tuple("metadata.ownerReferences.kind", "Invalid value: \"\": kind must not be empty"),
                        tuple("metadata.ownerReferences.name", "Invalid value: \"\": name must not be empty"),
                        tuple("metadata.ownerReferences.uid", "Invalid value: \"\": uid must not be empty"));
    }

    @Test
    void ownerReferencesAllowOneControllerAndNoEvent() {
        var rs = new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withName("a").withUid("1").withController(true).build();
        var rs2 = new OwnerReferenceBuilder(rs).withName("b").withUid("2").build();
        var event = new OwnerReferenceBuilder().withApiVersion("v1").withKind("Event")
                .withName("e").withUid("3").build();
        List<StatusCause> causes = create(valid().withOwnerReferences(rs, rs2, event).build());
        assertThat(causes).extracting(StatusCause::getField)
                .containsExactly("metadata.ownerReferences", "metadata.ownerReferences");
        assertThat(causes.get(0).getMessage()).endsWith("Only one reference can have Controller set "
                + "to true. Found \"true\" in references for ReplicaSet/a and ReplicaSet/b");
        assertThat(causes.get(1).getMessage()).isEqualTo("Invalid value: v1.OwnerReference{"
                + "APIVersion:\"v1\", Kind:\"Event\", Name:\"e\", UID:\"3\", Controller:(*bool)(nil), "
                + "BlockOwnerDeletion:(*bool)(nil)}: /v1, Kind=Event is disallowed from being an owner");
    }

    @Test
    void negativeGenerationIsInvalid() {
        assertThat(create(valid().withGeneration(-1L).build())).singleElement()
                .extracting(StatusCause::getMessage)
                .isEqualTo("Invalid value: -1: must be greater than or equal to 0");
    }
}
