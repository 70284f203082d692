package io.j8s.api.selectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
    /** Upstream's own good strings print back as themselves, spaces aside. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "x=a,y=b,z=c | x=a,y=b,z=c", "'' | ''", "x!=a,y=b | x!=a,y=b", "x= | x=", "'x= ' | x=",
        "'x=,z= ' | x=,z=", "'x= ,z= ' | x=,z=", "!x | !x", "x>1 | x>1", "x>1,z<5 | x>1,z<5",
        "x==a | x==a", "a,!b | a,!b", "x in (b,a) | x in (a,b)", "x  notin(a) | x notin (a)"})
    void upstreamGoodStringsPrintBack(String selector, String printed) {
        assertThat(LabelSelector.parse(selector).toString()).isEqualTo(printed);
    }

    @Test
    void printsSortedByKeyWithSortedValues() {
        assertThat(LabelSelector.parse("x=a,a=x").toString()).isEqualTo("a=x,x=a");
        assertThat(LabelSelector.parse("  tier  in (web, api ,db),  !canary ,app").toString())
                .isEqualTo("app,!canary,tier in (api,db,web)");
        assertThat(LabelSelector.parse("k in (,a)").toString()).isEqualTo("k in (,a)");
        assertThat(LabelSelector.parse("k in ()").requirements().get(0).values()).containsExactly("");
    }

    @Test
    void emptyAndBlankSelectEverything() {
        assertThat(LabelSelector.parse("").isEmpty()).isTrue();
        assertThat(LabelSelector.parse(" \t\n").isEmpty()).isTrue();
        assertThat(LabelSelector.parse(null).matches(Map.of("a", "b"))).isTrue();
        assertThat(LabelSelector.everything().matches(null)).isTrue();
    }

    @Test
    void matchesAsUpstream() {
        Map<String, String> labels = Map.of("foo", "bar", "baz", "blah");
        assertThat(LabelSelector.parse("foo=bar,baz=blah").matches(labels)).isTrue();
        assertThat(LabelSelector.parse("foo=blah").matches(labels)).isFalse();
        assertThat(LabelSelector.parse("notin=in").matches(Map.of("notin", "in"))).isTrue();
        assertThat(LabelSelector.parse("x!=y,z!=w").matches(Map.of("x", "z", "z", "a"))).isTrue();
        assertThat(LabelSelector.parse("x!=y").matches(Map.of())).isTrue();
        assertThat(LabelSelector.parse("x notin (a)").matches(null)).isTrue();
        assertThat(LabelSelector.parse("x in (a,b)").matches(Map.of("x", "b"))).isTrue();
        assertThat(LabelSelector.parse("x in (a,b)").matches(Map.of())).isFalse();
        assertThat(LabelSelector.parse("x").matches(Map.of("x", ""))).isTrue();
        assertThat(LabelSelector.parse("!x").matches(Map.of("x", ""))).isFalse();
        assertThat(LabelSelector.parse("x=").matches(Map.of("x", ""))).isTrue();
        assertThat(LabelSelector.parse("x=").matches(Map.of())).isFalse();
    }

    @Test
    void greaterAndLessThanCompareIntegers() {
        assertThat(LabelSelector.parse("x>1").matches(Map.of("x", "2"))).isTrue();
        assertThat(LabelSelector.parse("x>1").matches(Map.of("x", "0"))).isFalse();
        assertThat(LabelSelector.parse("x<1").matches(Map.of("x", "0"))).isTrue();
        assertThat(LabelSelector.parse("x>1").matches(Map.of("x", "ten"))).isFalse();
        assertThat(LabelSelector.parse("x>1").matches(Map.of())).isFalse();
        assertThat(LabelSelector.parse("x<10").matches(Map.of("x", "-5"))).isTrue();
    }

    @Test
    void inputEndsAtNulAsUpstream() {
        assertThat(LabelSelector.parse("a=b\0junk junk").toString()).isEqualTo("a=b");
    }

    @Test
    void keywordsAreOrdinaryKeysAndValues() {
        LabelSelector s = LabelSelector.parse("in in (notin),notin=in");
        assertThat(s.toString()).isEqualTo("in in (notin),notin=in");
        assertThat(s.matches(Map.of("in", "notin", "notin", "in"))).isTrue();
    }

    @Test
    void fromFabric8Selector() {
        var selector = new LabelSelectorBuilder()
                .addToMatchLabels("app", "web")
                .addNewMatchExpression().withKey("tier").withOperator("In")
                .withValues("b", "a").endMatchExpression()
                .addNewMatchExpression().withKey("canary").withOperator("DoesNotExist")
                .endMatchExpression()
                .build();
        LabelSelector s = LabelSelector.of(selector);
        assertThat(s.toString()).isEqualTo("app=web,!canary,tier in (a,b)");
        assertThat(s.matches(Map.of("app", "web", "tier", "a"))).isTrue();
        assertThat(s.matches(Map.of("app", "web", "tier", "a", "canary", "1"))).isFalse();
        assertThat(LabelSelector.parse(s.toString())).isEqualTo(s);
    }

    @Test
    void nullFabric8SelectorSelectsNothingAndEmptySelectsEverything() {
        assertThat(LabelSelector.of(null).matches(Map.of())).isFalse();
        assertThat(LabelSelector.of(null).isEmpty()).isFalse();
        assertThat(LabelSelector.of(null)).isEqualTo(LabelSelector.nothing());
        assertThat(LabelSelector.of(new LabelSelectorBuilder().build()).isEmpty()).isTrue();
    }

    @Test
    void requiredValueFollowsTheFirstRequirementOnTheKey() {
        assertThat(LabelSelector.parse("app=web,x").requiredValue("app")).contains("web");
        assertThat(LabelSelector.parse("app in (web)").requiredValue("app")).contains("web");
        assertThat(LabelSelector.parse("app in (a,b)").requiredValue("app")).isEmpty();
        assertThat(LabelSelector.parse("app!=web").requiredValue("app")).isEmpty();
        assertThat(LabelSelector.parse("x=1").requiredValue("app")).isEmpty();
    }

    @Test
    void fromSetSelectsEqualLabels() {
        LabelSelector s = LabelSelector.fromSet(Map.of("b", "2", "a", "1"));
        assertThat(s.toString()).isEqualTo("a=1,b=2");
        assertThat(s.requirements()).extracting(LabelRequirement::operator)
                .containsOnly(LabelOperator.EQUALS);
        assertThat(LabelSelector.fromSet(Map.of()).isEmpty()).isTrue();
    }
}
