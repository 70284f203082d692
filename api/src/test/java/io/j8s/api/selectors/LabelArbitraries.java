package io.j8s.api.selectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of valid label keys and values, built from upstream's grammar. */
final class LabelArbitraries {
    private static final String ALNUM =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private LabelArbitraries() {}

    /** {@code ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]}, at most 63 characters. */
    static Arbitrary<String> nameParts() {
        Arbitrary<Character> alnum = Arbitraries.of(ALNUM.chars().mapToObj(c -> (char) c).toList());
        Arbitrary<String> middle = Arbitraries.strings().withChars((ALNUM + "-_.").toCharArray())
                .ofMaxLength(20);
        return Arbitraries.oneOf(alnum.map(String::valueOf),
                Combinators.combine(alnum, middle, alnum).as((a, m, b) -> a + m + b));
    }

    static Arbitrary<String> dnsLabels() {
        Arbitrary<Character> alnum = Arbitraries.of("abcz019".chars().mapToObj(c -> (char) c).toList());
        Arbitrary<String> middle = Arbitraries.strings().withChars("abz09-".toCharArray()).ofMaxLength(8);
        return Arbitraries.oneOf(alnum.map(String::valueOf),
                Combinators.combine(alnum, middle, alnum).as((a, m, b) -> a + m + b));
    }

    static Arbitrary<String> qualifiedNames() {
        Arbitrary<String> prefix = dnsLabels().list().ofMinSize(1).ofMaxSize(3)
                .map(parts -> String.join(".", parts) + "/");
        return Combinators.combine(Arbitraries.oneOf(Arbitraries.just(""), prefix), nameParts())
                .as(String::concat);
    }

    static Arbitrary<String> labelValues() {
        return Arbitraries.oneOf(Arbitraries.just(""), nameParts());
    }
}
