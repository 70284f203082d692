package io.j8s.apiserver.crd.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void isbnsAndCreditCardsNeedTheirCheckDigits() {
        assertThat(Formats.valid("isbn10", "0-306-40615-2")).isTrue();
        assertThat(Formats.valid("isbn10", "0-306-40615-3")).isFalse();
        assertThat(Formats.valid("isbn10", "080442957X")).isTrue();
        assertThat(Formats.valid("isbn13", "978-0-306-40615-7")).isTrue();
        assertThat(Formats.valid("isbn13", "978-0-306-40615-6")).isFalse();
        assertThat(Formats.valid("isbn", "9780306406157")).isTrue();
        assertThat(Formats.valid("isbn", "0306406152")).isTrue();
        assertThat(Formats.valid("isbn", "12345")).isFalse();
        assertThat(Formats.valid("creditcard", "4111 1111 1111 1111")).isTrue();
        assertThat(Formats.valid("creditcard", "1234 5678 9012 3456")).isFalse();
    }

    @Test
    void unknownFormatsAndPasswordsAcceptAnything() {
        assertThat(Formats.valid("password", "anything at all")).isTrue();
        assertThat(Formats.valid("no-such-format", "x")).isTrue();
    }
}
