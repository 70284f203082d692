package io.j8s.api.selectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.j8s.api.errors.StatusException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldSelectorTest {

    private static boolean matches(String selector, Map<String, String> fields) {
        return FieldSelector.parse(selector).matches(fields::get);
    }

    @Test
    void equalityAndInequality() {
        Map<String, String> pod = Map.of("metadata.name", "web-1", "spec.nodeName", "node-a",
                "status.phase", "Running");
        assertThat(matches("spec.nodeName=node-a", pod)).isTrue();
        assertThat(matches("spec.nodeName==node-a", pod)).isTrue();
        assertThat(matches("spec.nodeName!=node-a", pod)).isFalse();
        assertThat(matches("spec.nodeName=node-a,status.phase!=Pending", pod)).isTrue();
        assertThat(matches("spec.nodeName=node-b,status.phase=Running", pod)).isFalse();
    }

    @Test
    void absentFieldReadsAsEmpty() {
        assertThat(matches("spec.nodeName=", Map.of())).isTrue();
        assertThat(matches("spec.nodeName!=", Map.of())).isFalse();
        assertThat(matches("spec.nodeName!=node-a", Map.of())).isTrue();
    }

    @Test
    void emptyTermsAndEmptySelectorsSelectEverything() {
        assertThat(FieldSelector.parse("").isEmpty()).isTrue();
        assertThat(FieldSelector.parse(null).isEmpty()).isTrue();
        assertThat(FieldSelector.parse(",,").isEmpty()).isTrue();
        assertThat(FieldSelector.parse("=").isEmpty()).isTrue();
        assertThat(FieldSelector.parse("a=b,,").toString()).isEqualTo("a=b");
    }

    @Test
    void escapedValues() {
        FieldSelector s = FieldSelector.parse("a=x\\,y\\=z\\\\,b!=c");
        assertThat(s.terms()).containsExactly(new FieldSelector.Term("a", "x,y=z\\", true),
                new FieldSelector.Term("b", "c", false));
        assertThat(s.toString()).isEqualTo("a=x\\,y\\=z\\\\,b!=c");
        assertThat(FieldSelector.parse(s.toString())).isEqualTo(s);
        assertThat(FieldSelector.escapeValue("a,b=c\\d!e")).isEqualTo("a\\,b\\=c\\\\d!e");
    }

    @Test
    void termSplitsAtTheFirstOperator() {
        assertThat(FieldSelector.parse("a!b=c").terms())
                .containsExactly(new FieldSelector.Term("a!b", "c", true));
        assertThat(FieldSelector.parse("a=!b").terms())
                .containsExactly(new FieldSelector.Term("a", "!b", true));
        assertThat(FieldSelector.parse("=x").fields()).containsExactly("");
    }

    @Test
    void errorsAreUpstreams() {
        assertThatThrownBy(() -> FieldSelector.parse("a=b,c"))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(400))
                .hasMessage("invalid selector: 'a=b,c'; can't understand 'c'");
        assertThatThrownBy(() -> FieldSelector.parse("a=b=c"))
                .hasMessage("invalid field selector: unescaped character in value: 61");
        assertThatThrownBy(() -> FieldSelector.parse("a==="))
                .hasMessage("invalid field selector: unescaped character in value: 61");
        assertThatThrownBy(() -> FieldSelector.parse("a=b\\!"))
                .hasMessage("invalid field selector: invalid escape sequence: \\!");
        assertThatThrownBy(() -> FieldSelector.parse("a=b\\"))
                .hasMessage("invalid field selector: invalid escape sequence: \\");
    }

    @Test
    void fieldsAndRequiredValue() {
        FieldSelector s = FieldSelector.parse("spec.nodeName=n1,status.phase!=Failed");
        assertThat(s.fields()).containsExactlyInAnyOrder("spec.nodeName", "status.phase");
        assertThat(s.requiredValue("spec.nodeName")).contains("n1");
        assertThat(s.requiredValue("status.phase")).isEmpty();
        assertThat(FieldSelector.parse("spec.nodeName==").requiredValue("spec.nodeName")).contains("");
    }

    @Test
    void convertRenamesAndRejectsUnsupportedFields() {
        FieldSelector s = FieldSelector.parse("spec.host=n1,metadata.name=p");
        FieldSelector converted = s.convert(f -> switch (f) {
            case "spec.host" -> "spec.nodeName";
            case "metadata.name" -> f;
            default -> null;
        });
        assertThat(converted.requiredValue("spec.nodeName")).contains("n1");
        assertThatThrownBy(() -> FieldSelector.parse("spec.bogus=1").convert(f -> null))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.reason()).isEqualTo("BadRequest");
                })
                .hasMessage("field label not supported: spec.bogus");
        assertThat(FieldSelector.unsupportedField("x").getMessage())
                .isEqualTo("field label not supported: x");
    }

    @Test
    void ofBuildsFromTerms() {
        FieldSelector s = FieldSelector.of(List.of(new FieldSelector.Term("spec.nodeName", "n", true)));
        assertThat(s.toString()).isEqualTo("spec.nodeName=n");
        assertThat(FieldSelector.of(List.of())).isEqualTo(FieldSelector.everything());
    }
}
