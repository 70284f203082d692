package io.j8s.api.selectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.api.errors.StatusException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SelectorPropertiesTest {
    private static final String[] SPACES = {"", " ", "  ", "\t", "\n", " \r\n "};

    @Property(tries = 500)
    void validLabelSelectorsRoundTripAndMatchAlike(@ForAll("requirements") List<LabelRequirement> reqs,
            @ForAll("labelMaps") List<Map<String, String>> objects, @ForAll Random random) {
        StringBuilder text = new StringBuilder(ws(random));
        for (int i = 0; i < reqs.size(); i++) {
            text.append(i == 0 ? "" : ws(random) + "," + ws(random)).append(render(reqs.get(i), random));
        }
        LabelSelector parsed = LabelSelector.parse(text.append(ws(random)).toString());
        LabelSelector reparsed = LabelSelector.parse(parsed.toString());

        assertThat(reparsed).isEqualTo(parsed);
        assertThat(reparsed.toString()).isEqualTo(parsed.toString());
        assertThat(parsed.requirements()).containsExactlyInAnyOrderElementsOf(reqs);
        for (Map<String, String> labels : objects) {
            boolean expected = reqs.stream().allMatch(r -> r.matches(labels));
            assertThat(parsed.matches(labels)).isEqualTo(expected);
            assertThat(reparsed.matches(labels)).isEqualTo(expected);
        }
    }

    @Property(tries = 2000)
    void labelSelectorParseFailsOnlyWithStatusException(@ForAll("selectorish") String text) {
        LabelSelector parsed;
        try {
            parsed = LabelSelector.parse(text);
        } catch (StatusException e) {
            assertThat(e.code()).isEqualTo(400);
            return;
        }
        assertThat(LabelSelector.parse(parsed.toString())).isEqualTo(parsed);
    }

    @Property(tries = 2000)
    void fieldSelectorParseFailsOnlyWithStatusException(@ForAll("selectorish") String text) {
        FieldSelector parsed;
        try {
            parsed = FieldSelector.parse(text);
        } catch (StatusException e) {
            assertThat(e.code()).isEqualTo(400);
            return;
        }
        assertThat(FieldSelector.parse(parsed.toString())).isEqualTo(parsed);
    }

    @Property(tries = 500)
    void fieldSelectorsRoundTripAnyValue(@ForAll("fieldTerms") List<FieldSelector.Term> terms,
            @ForAll("anyText") String other) {
        FieldSelector s = FieldSelector.of(terms);
        FieldSelector reparsed = FieldSelector.parse(s.toString());
        assertThat(reparsed).isEqualTo(s);
        for (FieldSelector.Term t : terms) {
            if (t.equal()) {
                assertThat(reparsed.requiredValue(t.field())).isPresent();
            }
            Map<String, String> fields = Map.of(t.field(), other);
            assertThat(reparsed.matches(fields::get)).isEqualTo(s.matches(fields::get));
        }
    }

    private static String ws(Random random) {
        return SPACES[random.nextInt(SPACES.length)];
    }

    private static String render(LabelRequirement r, Random random) {
        String vals = String.join(ws(random) + "," + ws(random), r.values());
        return switch (r.operator()) {
            case EXISTS -> r.key();
            case DOES_NOT_EXIST -> "!" + ws(random) + r.key();
            case IN, NOT_IN -> r.key() + " " + ws(random) + r.operator().symbol() + ws(random) + "("
                    + ws(random) + vals + ws(random) + ")";
            case GREATER_THAN -> r.key() + ws(random) + ">" + ws(random) + vals;
            case LESS_THAN -> r.key() + ws(random) + "<" + ws(random) + vals;
            default -> r.key() + ws(random) + r.operator().symbol() + ws(random) + vals;
        };
    }

    @Provide
    Arbitrary<List<LabelRequirement>> requirements() {
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of("a", "b", "app", "in", "notin",
                "example.com/x"), LabelArbitraries.qualifiedNames());
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of("", "x", "y", "1", "10", "in"),
                LabelArbitraries.labelValues());
        Arbitrary<String> number = Arbitraries.longs().between(0, 1_000_000).map(String::valueOf);
        Arbitrary<LabelRequirement> req = Combinators.combine(key,
                Arbitraries.of(LabelOperator.class), value.list().ofMinSize(1).ofMaxSize(4), number)
                .as((k, op, vs, n) -> switch (op) {
                    case EXISTS, DOES_NOT_EXIST -> new LabelRequirement(k, op, List.of());
                    case IN, NOT_IN -> new LabelRequirement(k, op, vs);
                    case GREATER_THAN, LESS_THAN -> new LabelRequirement(k, op, List.of(n));
                    default -> new LabelRequirement(k, op, vs.subList(0, 1));
                });
        return req.list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Map<String, String>>> labelMaps() {
        Arbitrary<String> key = Arbitraries.of("a", "b", "app", "in", "notin", "example.com/x");
        Arbitrary<String> value = Arbitraries.of("", "x", "y", "1", "10", "in", "-4", "99999999");
        return Arbitraries.maps(key, value).ofMaxSize(6).list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<String> selectorish() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("ab=!(),<> \t\\in/.-_0".toCharArray()).ofMaxLength(30),
                Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.of("in", "notin", "!", "a in (", "a notin (b,", "x=y,", "a\0b",
                        "a\\,b=c", "a===", "=", "!=", "==", ""));
    }

    @Provide
    Arbitrary<List<FieldSelector.Term>> fieldTerms() {
        Arbitrary<String> field = Arbitraries.oneOf(Arbitraries.of("metadata.name", "spec.nodeName",
                "status.phase"), Arbitraries.strings().withChars("abcxyz.".toCharArray())
                .ofMinLength(1).ofMaxLength(12));
        return Combinators.combine(field, anyText(), Arbitraries.of(true, false))
                .as(FieldSelector.Term::new).list().ofMaxSize(5).map(ArrayList::new);
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.strings().withChars("a\\,=!".toCharArray()).ofMaxLength(8));
    }
}
