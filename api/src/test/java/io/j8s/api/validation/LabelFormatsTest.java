package io.j8s.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelFormatsTest {
    static final String NAME_PART_ERROR = "name part must consist of alphanumeric characters, '-', "
            + "'_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or "
            + "'my.name',  or '123-abc', regex used for validation is "
            + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    static final String VALUE_ERROR = "a valid label must be an empty string or consist of "
            + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
            + "character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
            + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    @Test
    void qualifiedNames() {
        assertThat(LabelFormats.qualifiedName("app")).isEmpty();
        assertThat(LabelFormats.qualifiedName("app.kubernetes.io/name")).isEmpty();
        assertThat(LabelFormats.qualifiedName("My_Name.1")).isEmpty();
        assertThat(LabelFormats.qualifiedName("")).containsExactly("name part must be non-empty",
                NAME_PART_ERROR);
        assertThat(LabelFormats.qualifiedName("/a")).containsExactly("prefix part must be non-empty");
        assertThat(LabelFormats.qualifiedName("a/")).containsExactly("name part must be non-empty",
                NAME_PART_ERROR);
        assertThat(LabelFormats.qualifiedName("Example.com/a")).containsExactly(
                "prefix part " + NameFormatsTest.SUBDOMAIN_ERROR);
        assertThat(LabelFormats.qualifiedName("-a")).containsExactly(NAME_PART_ERROR);
        assertThat(LabelFormats.qualifiedName("a".repeat(64)))
                .containsExactly("name part must be no more than 63 characters");
        assertThat(LabelFormats.qualifiedName("a/b/c")).containsExactly("a qualified name must "
                + "consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
                + "an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used "
                + "for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS "
                + "subdomain prefix and '/' (e.g. 'example.com/MyName')");
    }

    @Test
    void labelValues() {
        assertThat(LabelFormats.labelValue("")).isEmpty();
        assertThat(LabelFormats.labelValue("v1.2_3-x")).isEmpty();
        assertThat(LabelFormats.labelValue("a b")).containsExactly(VALUE_ERROR);
        assertThat(LabelFormats.labelValue("_a")).containsExactly(VALUE_ERROR);
        assertThat(LabelFormats.labelValue("a".repeat(63))).isEmpty();
        assertThat(LabelFormats.labelValue("a".repeat(64)))
                .containsExactly("must be no more than 63 characters");
    }
}
