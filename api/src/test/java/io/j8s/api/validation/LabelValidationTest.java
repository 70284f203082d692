package io.j8s.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import org.junit.jupiter.api.Test;

class LabelValidationTest {

    @Test
    void selectorFieldsAreValidatedAsUpstream() {
        var selector = new LabelSelectorBuilder()
                .addToMatchLabels("app", "bad value")
                .addNewMatchExpression().withKey("tier").withOperator("In").endMatchExpression()
                .addNewMatchExpression().withKey("x").withOperator("Exists").withValues("a")
                .endMatchExpression()
                .addNewMatchExpression().withKey("-y").withOperator("Equals").withValues("_")
                .endMatchExpression()
                .build();
        assertThat(LabelValidation.validateLabelSelector(selector, FieldPath.of("spec", "selector")))
                .extracting(StatusCause::getReason, StatusCause::getField)
                .containsExactly(
                        tuple("FieldValueInvalid", "spec.selector.matchLabels"),
                        tuple("FieldValueRequired", "spec.selector.matchExpressions[0].values"),
                        tuple("FieldValueForbidden", "spec.selector.matchExpressions[1].values"),
                        tuple("FieldValueInvalid", "spec.selector.matchExpressions[2].operator"),
                        tuple("FieldValueInvalid", "spec.selector.matchExpressions[2].key"),
                        tuple("FieldValueInvalid", "spec.selector.matchExpressions[2].values[0]"));
    }

    @Test
    void operatorMessages() {
        var selector = new LabelSelectorBuilder()
                .addNewMatchExpression().withKey("a").withOperator("NotIn").endMatchExpression()
                .addNewMatchExpression().withKey("a").withOperator("Gt").withValues("1")
                .endMatchExpression().build();
        assertThat(LabelValidation.validateLabelSelector(selector, FieldPath.of("selector")))
                .extracting(StatusCause::getMessage).containsExactly(
                        "Required value: must be specified when `operator` is 'In' or 'NotIn'",
                        "Invalid value: \"Gt\": not a valid selector operator");
    }

    @Test
    void nullSelectorIsValid() {
        assertThat(LabelValidation.validateLabelSelector(null, FieldPath.of("selector"))).isEmpty();
    }
}
