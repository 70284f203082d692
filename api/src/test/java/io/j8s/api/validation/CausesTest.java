package io.j8s.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CausesTest {

    @Test
    void quotesAsGo() {
        assertThat(GoQuote.quote("plain")).isEqualTo("\"plain\"");
        assertThat(GoQuote.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(GoQuote.quote("t\tn\nnul\0del\u007f")).isEqualTo("\"t\\tn\\nnul\\x00del\\x7f\"");
        assertThat(GoQuote.quote("héllo 世界")).isEqualTo("\"héllo 世界\"");
        assertThat(GoQuote.quote("zw\u200bsp")).isEqualTo("\"zw\\u200bsp\"");
        assertThat(GoQuote.quote("\u00a0")).isEqualTo("\"\\u00a0\"");
        assertThat(GoQuote.quote("\uDB80\uDC00")).isEqualTo("\"\\U000f0000\"");
    }

    @Test
    void bodiesAsUpstreamsErrorBody() {
        FieldPath f = FieldPath.of("spec").child("containers").index(0).child("name");
        assertThat(f.toString()).isEqualTo("spec.containers[0].name");
        assertThat(FieldPath.of("metadata", "labels").key("app").toString())
                .isEqualTo("metadata.labels[app]");
        assertThat(Causes.invalid(f, "x", "bad").getMessage()).isEqualTo("Invalid value: \"x\": bad");
        assertThat(Causes.invalid(f, 3L, "").getMessage()).isEqualTo("Invalid value: 3");
        assertThat(Causes.invalid(f, null, "gone").getMessage()).isEqualTo("Invalid value: null: gone");
        assertThat(Causes.required(f, "").getMessage()).isEqualTo("Required value");
        assertThat(Causes.duplicate(f, "a").getMessage()).isEqualTo("Duplicate value: \"a\"");
        assertThat(Causes.notSupported(f, "Sometimes", List.of("Always", "Never")).getMessage())
                .isEqualTo("Unsupported value: \"Sometimes\": supported values: \"Always\", \"Never\"");
        assertThat(Causes.notSupported(f, "Sometimes", List.of()).getReason())
                .isEqualTo("FieldValueNotSupported");
        assertThat(Causes.tooMany(f, 5, 4).getMessage()).isEqualTo("Too many: 5: must have at most 4 items");
        assertThat(Causes.describe(Causes.forbidden(f, "no"))).isEqualTo("spec.containers[0].name: Forbidden: no");
    }
}
