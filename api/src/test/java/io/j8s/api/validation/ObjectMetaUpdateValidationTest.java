package io.j8s.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import org.junit.jupiter.api.Test;

class ObjectMetaUpdateValidationTest {

    private static ObjectMetaBuilder stored() {
        return ObjectMetaValidationTest.valid().withUid("u-1").withResourceVersion("5").withGeneration(2L)
                .withCreationTimestamp("2024-01-02T03:04:05Z");
    }

    @Test
    void updateKeepsIdentityImmutable() {
        assertThat(ObjectMetaValidation.validateUpdate(stored().build(), stored().build())).isEmpty();
        ObjectMeta changed = stored().withName("other").withNamespace("kube-system").withUid("u-2")
                .withCreationTimestamp("2025-06-07T08:09:10Z").build();
        assertThat(ObjectMetaValidation.validateUpdate(changed, stored().build()))
                .extracting(StatusCause::getField, StatusCause::getMessage).containsExactly(
                        tuple("metadata.name", "Invalid value: \"other\": field is immutable"),
                        tuple("metadata.namespace", "Invalid value: \"kube-system\": field is immutable"),
                        tuple("metadata.uid", "Invalid value: \"u-2\": field is immutable"),
                        tuple("metadata.creationTimestamp",
                                "Invalid value: 2025-06-07 08:09:10 +0000 UTC: field is immutable"));
    }

    @Test
    void updateTimestampsCompareAsInstants() {
        ObjectMeta sameInstant = stored().withCreationTimestamp("2024-01-02T04:04:05+01:00").build();
        assertThat(ObjectMetaValidation.validateUpdate(sameInstant, stored().build())).isEmpty();
    }

    @Test
    void updateNeedsResourceVersionAndKeepsGenerationAndDeletion() {
        ObjectMeta old = stored().withDeletionTimestamp("2024-02-02T00:00:00Z")
                .withDeletionGracePeriodSeconds(30L).withFinalizers("a.io/x").build();
        ObjectMeta next = stored().withResourceVersion(null).withGeneration(1L)
                .withDeletionGracePeriodSeconds(0L).withFinalizers("a.io/x", "b.io/y").build();
        assertThat(ObjectMetaValidation.validateUpdate(next, old))
                .extracting(StatusCause::getField, StatusCause::getMessage).containsExactly(
                        tuple("metadata.finalizers", "Forbidden: no new finalizers can be added if "
                                + "the object is being deleted, found new finalizers []string{\"b.io/y\"}"),
                        tuple("metadata.resourceVersion",
                                "Invalid value: \"\": must be specified for an update"),
                        tuple("metadata.generation", "Invalid value: 1: must not be decremented"),
                        tuple("metadata.deletionTimestamp", "Invalid value: null: field is immutable"),
                        tuple("metadata.deletionGracePeriodSeconds",
                                "Invalid value: 0: field is immutable"));
    }
}
