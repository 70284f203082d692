package io.j8s.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.j8s.api.errors.StatusException;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class QuantitiesTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0", "100m, 0.1", "1.5Gi, 1610612736", "2e3, 2000", "1E3, 1000", "1E, 1000000000000000000",
        "-2m, -0.002", "+5, 5", ".5, 0.5", "5., 5", "007, 7", "1Ki, 1024", "128974848, 128974848",
        "129e6, 129000000", "123Mi, 128974848", "1n, 0.000000001", "250u, 0.00025",
        "1k, 1000", "1M, 1000000", "1G, 1000000000", "1T, 1000000000000", "1P, 1000000000000000",
        "1Ti, 1099511627776", "1Pi, 1125899906842624", "7Ei, 8070450532247928832",
        "1.5e-3, 0.0015", "1e+3, 1000", "12E-1, 1.2", "-0, 0",
    })
    void parsesAsUpstream(String text, String value) {
        assertThat(Quantities.parse(text)).isEqualByComparingTo(value);
        assertThat(Quantities.validate(text, FieldPath.of("x"))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "0.0000000001, 0.000000001", "1.5n, 0.000000002", "-1.5n, -0.000000002",
        "1e-10, 0.000000001", "0.1234567891, 0.123456790",
    })
    void roundsAwayFromZeroToNanos(String text, String value) {
        assertThat(Quantities.parse(text)).isEqualByComparingTo(value);
    }

    @Test
    void binaryValuesCapAtInt64AsUpstream() {
        assertThat(Quantities.parse("8Ei")).isEqualByComparingTo(BigDecimal.valueOf(Long.MAX_VALUE));
        assertThat(Quantities.parse("-10Ei")).isEqualByComparingTo(BigDecimal.valueOf(-Long.MAX_VALUE));
        assertThat(Quantities.parse("10E")).isEqualByComparingTo("10000000000000000000");
    }

    @Test
    void bareSuffixesAreZeroThroughUpstreamsFastPath() {
        assertThat(Quantities.parse("Ki")).isZero();
        assertThat(Quantities.parse("m")).isZero();
        assertThat(Quantities.parse(".")).isZero();
        assertThat(Quantities.parse("-")).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'' | " + Quantities.FORMAT_ERROR, "abc | " + Quantities.FORMAT_ERROR,
        "1.2.3 | " + Quantities.FORMAT_ERROR, "'1 ' | " + Quantities.FORMAT_ERROR,
        "1e3e4 | " + Quantities.FORMAT_ERROR, "1Ki2 | " + Quantities.SUFFIX_ERROR,
        "1K | " + Quantities.SUFFIX_ERROR, "1e | " + Quantities.SUFFIX_ERROR,
        "--1 | " + Quantities.SUFFIX_ERROR, "1mi | " + Quantities.SUFFIX_ERROR,
        "1e99999999999999999999 | " + Quantities.SUFFIX_ERROR, "Ei | " + Quantities.NUMERIC_ERROR,
        "e-10 | " + Quantities.NUMERIC_ERROR,
    })
    void rejectsWithUpstreamMessages(String text, String message) {
        assertThatThrownBy(() -> Quantities.parse(text))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(400))
                .hasMessage(message);
        assertThat(Quantities.isValid(text)).isFalse();
    }

    @Test
    void invalidQuantityIsAFieldCause() {
        assertThat(Quantities.validate(new Quantity("2 cores"), FieldPath.of("spec", "cpu")))
                .singleElement()
                .extracting(StatusCause::getReason, StatusCause::getField, StatusCause::getMessage)
                .containsExactly("FieldValueInvalid", "spec.cpu", "Invalid value: \"2 cores\": "
                        + "quantities must match the regular expression "
                        + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    }

    @Test
    void fabric8QuantitiesCompareByValue() {
        assertThat(Quantities.value(new Quantity("100Mi"))).isEqualByComparingTo("104857600");
        assertThat(Quantities.compare(new Quantity("500m"), new Quantity("1"))).isNegative();
        assertThat(Quantities.compare(new Quantity("1Gi"), new Quantity("1G"))).isPositive();
        assertThat(Quantities.compare(new Quantity("1000m"), new Quantity("1"))).isZero();
        assertThat(Quantities.text(new Quantity("1.5", "Gi"))).isEqualTo("1.5Gi");
    }

    @Test
    void hugeExponentsStayCheap() {
        assertThat(Quantities.parse("1e-2000000000")).isEqualByComparingTo("0.000000001");
        assertThat(Quantities.parse("12345678901234567890e2000000000").signum()).isEqualTo(1);
    }
}
