package io.j8s.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.j8s.api.errors.StatusException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ValidationPropertiesTest {

    @Property(tries = 1000)
    void formatsNeverThrowAndAgreeWithEachOther(@ForAll("names") String s) {
        List<String> label = NameFormats.dns1123Label(s);
        List<String> subdomain = NameFormats.dns1123Subdomain(s);
        if (label.isEmpty()) {
            assertThat(subdomain).isEmpty(); // every DNS label is a subdomain
        }
        if (NameFormats.dns1035Label(s).isEmpty()) {
            assertThat(label).isEmpty();
        }
        if (LabelFormats.labelValue(s).isEmpty() && !s.isEmpty()) {
            assertThat(LabelFormats.qualifiedName(s)).isEmpty();
        }
        NameFormats.pathSegmentName(s);
        for (boolean prefix : new boolean[] {true, false}) {
            NameRule.DNS1123_SUBDOMAIN.check(s, prefix);
            NameRule.DNS1123_LABEL.check(s, prefix);
            NameRule.DNS1035_LABEL.check(s, prefix);
            NameRule.PATH_SEGMENT.check(s, prefix);
        }
    }

    @Property(tries = 500)
    void objectMetaValidationNeverThrows(@ForAll("names") String name, @ForAll("names") String ns,
            @ForAll("names") String key, @ForAll("names") String value, @ForAll boolean namespaced) {
        ObjectMeta meta = new ObjectMetaBuilder().withName(name).withGenerateName(value)
                .withNamespace(ns).withLabels(Map.of(key, value)).withAnnotations(Map.of(key, name))
                .withFinalizers(key, value).withCreationTimestamp(value)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(key).withKind(value)
                        .withName(name).withController(true).build())
                .build();
        ObjectMetaValidation.validate(meta, namespaced, NameRule.DNS1123_SUBDOMAIN);
        ObjectMetaValidation.validate(meta, namespaced, NameRule.PATH_SEGMENT);
        ObjectMetaValidation.validateUpdate(meta, new ObjectMetaBuilder().withDeletionTimestamp(ns)
                .build());
    }

    @Property(tries = 1000)
    void quantityParseFailsOnlyWithStatusException(@ForAll("quantityish") String s) {
        try {
            Quantities.parse(s);
            assertThat(Quantities.validate(s, FieldPath.of("q"))).isEmpty();
        } catch (StatusException e) {
            assertThat(e.getMessage()).isIn(Quantities.FORMAT_ERROR, Quantities.SUFFIX_ERROR,
                    Quantities.NUMERIC_ERROR);
            assertThat(Quantities.validate(s, FieldPath.of("q"))).hasSize(1);
        }
    }

    @Property(tries = 1000)
    void formattedDecimalsRoundTrip(@ForAll("decimals") BigDecimal v) {
        assertThat(Quantities.parse(v.toPlainString())).isEqualByComparingTo(v);
        assertThat(Quantities.parse(v.toString())).isEqualByComparingTo(v); // 1.5E+7 style too
        assertThat(Quantities.parse(v.toPlainString() + "k")).isEqualByComparingTo(v.movePointRight(3));
        assertThat(Quantities.parse(v.toPlainString() + "e-2"))
                .isEqualByComparingTo(roundUpToNanos(v.movePointLeft(2)));
    }

    @Property(tries = 500)
    void binarySuffixesMultiplyByPowersOfTwo(@ForAll @IntRange(min = 0, max = 1_000_000) int n,
            @ForAll @IntRange(min = 1, max = 6) int power) {
        String suffix = new String[] {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"}[power - 1];
        BigDecimal exact = new BigDecimal(BigInteger.valueOf(n).shiftLeft(10 * power));
        BigDecimal expected = exact.min(BigDecimal.valueOf(Long.MAX_VALUE));
        assertThat(Quantities.parse(n + suffix)).isEqualByComparingTo(expected);
    }

    private static BigDecimal roundUpToNanos(BigDecimal v) {
        return v.scale() > 9 ? v.setScale(9, RoundingMode.UP) : v;
    }

    @Provide
    Arbitrary<BigDecimal> decimals() {
        return Arbitraries.bigIntegers().between(BigInteger.TEN.pow(25).negate(), BigInteger.TEN.pow(25))
                .flatMap(unscaled -> Arbitraries.integers().between(-6, 9)
                        .map(scale -> new BigDecimal(unscaled, scale)));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("abz09-._/%AZ".toCharArray()).ofMaxLength(70),
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars("a.".toCharArray()).ofMinLength(250).ofMaxLength(300),
                Arbitraries.of("", ".", "..", "a/", "/a", "a/b/c", "orphan", "foregroundDeletion"));
    }

    @Provide
    Arbitrary<String> quantityish() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789.+-eEinumkKMGTP".toCharArray()).ofMaxLength(25),
                Arbitraries.strings().all().ofMaxLength(12));
    }
}
