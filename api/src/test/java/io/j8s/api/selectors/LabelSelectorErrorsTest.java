package io.j8s.api.selectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.j8s.api.errors.StatusException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Invalid label selectors fail with upstream's words, so kubectl users see familiar errors. */
class LabelSelectorErrorsTest {
    private static final String NAME_PART_REGEX = "name part must consist of alphanumeric "
            + "characters, '-', '_' or '.', and must start and end with an alphanumeric character "
            + "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
            + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    private static final String VALUE_REGEX = "a valid label must be an empty string or consist of "
            + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
            + "character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
            + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "x==a==b | found '==', expected: ',' or 'end of string'",
        "!x=a | found '=', expected: ',' or 'end of string'",
        "a b | unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt",
        "x in a | unable to parse requirement: found 'a' expected: '('",
        "x in (a b) | unable to parse requirement: found 'b', expected: ',' or ')'",
        "x in (a | unable to parse requirement: found '', expected: ',' or ')'",
        "x in (a,,) | unable to parse requirement: found ')', expected: ',', or identifier",
        "x in (=) | unable to parse requirement: found '=', expected: ',', ')' or identifier",
        "x=(a) | unable to parse requirement: found '(', expected: identifier",
        "a, | found '', expected: identifier after ','",
        "a,,b | found ',', expected: identifier after ','",
        "=a | found '=', expected: !, identifier, or 'end of string'",
        "! | unable to parse requirement: found '', expected: identifier",
    })
    void rejectsWithUpstreamMessages(String selector, String message) {
        assertThatThrownBy(() -> LabelSelector.parse(selector))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.reason()).isEqualTo("BadRequest");
                })
                .hasMessage(message);
    }

    @Test
    void rejectsInvalidKeysAndValues() {
        assertThatThrownBy(() -> LabelSelector.parse("x<a")).hasMessage("unable to parse "
                + "requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value "
                + "must be an integer");
        assertThatThrownBy(() -> LabelSelector.parse("x=a||y=b"))
                .hasMessage("unable to parse requirement: values[0][x]: Invalid value: \"a||y\": "
                        + VALUE_REGEX);
        assertThatThrownBy(() -> LabelSelector.parse("-a=b"))
                .hasMessage("unable to parse requirement: <nil>: Invalid value: \"-a\": " + NAME_PART_REGEX);
        assertThatThrownBy(() -> LabelSelector.parse("a=-b"))
                .hasMessage("unable to parse requirement: values[0][a]: Invalid value: \"-b\": "
                        + VALUE_REGEX);
        assertThatThrownBy(() -> LabelSelector.parse("a in (-x,-y)"))
                .hasMessage("unable to parse requirement: [values[0][a]: Invalid value: \"-x\": "
                        + VALUE_REGEX + ", values[1][a]: Invalid value: \"-y\": " + VALUE_REGEX + "]");
        assertThatThrownBy(() -> LabelSelector.parse("a=" + "v".repeat(64)))
                .hasMessageStartingWith("unable to parse requirement: values[0][a]: Invalid value: \"vvv")
                .hasMessageEndingWith(": must be no more than 63 characters");
        assertThatThrownBy(() -> LabelSelector.parse("Example.com/x"))
                .hasMessageContaining("prefix part a lowercase RFC 1123 subdomain");
    }

    @Test
    void fabric8SelectorErrorsAreUpstreams() {
        var badOp = new LabelSelectorBuilder().addNewMatchExpression().withKey("a")
                .withOperator("Equals").withValues("b").endMatchExpression().build();
        assertThatThrownBy(() -> LabelSelector.of(badOp))
                .isInstanceOf(StatusException.class)
                .hasMessage("\"Equals\" is not a valid label selector operator");
        var noValues = new LabelSelectorBuilder().addNewMatchExpression().withKey("a")
                .withOperator("In").endMatchExpression().build();
        assertThatThrownBy(() -> LabelSelector.of(noValues)).hasMessage(
                "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty");
        var existsWithValues = new LabelSelectorBuilder().addNewMatchExpression().withKey("a")
                .withOperator("Exists").withValues("x").endMatchExpression().build();
        assertThatThrownBy(() -> LabelSelector.of(existsWithValues)).hasMessage(
                "values: Invalid value: []string{\"x\"}: values set must be empty for exists and does not exist");
        var badKey = new LabelSelectorBuilder().addToMatchLabels("a/b/c", "x").build();
        assertThatThrownBy(() -> LabelSelector.of(badKey))
                .hasMessageStartingWith("key: Invalid value: \"a/b/c\": a qualified name must consist");
    }

    @Test
    void requirementsAreBuiltValidOnly() {
        assertThatThrownBy(() -> new LabelRequirement("a", LabelOperator.EQUALS, List.of("x", "y")))
                .hasMessage("values: Invalid value: []string{\"x\", \"y\"}: exact-match compatibility requires one single value");
        assertThatThrownBy(() -> new LabelRequirement("a", LabelOperator.GREATER_THAN, List.of()))
                .hasMessage("values: Invalid value: []string(nil): for 'Gt', 'Lt' operators, exactly one value is required");
        assertThat(new LabelRequirement("a", LabelOperator.NOT_IN, List.of("y", "x", "y")).values())
                .containsExactly("x", "y");
    }
}
