package io.j8s.scheduler.plugins.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.j8s.scheduler.framework.NodeScore;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TolerationsTest {
    private static final Taint TAINT = new Taint("NoSchedule", "dedicated", null, "gpu");

    static Toleration tol(String key, String op, String value, String effect) {
        return new Toleration(effect, key, op, null, value);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(tol("dedicated", "Equal", "gpu", "NoSchedule"), true),
                Arguments.of(tol("dedicated", null, "gpu", null), true),
                Arguments.of(tol("dedicated", "Equal", "cpu", "NoSchedule"), false),
                Arguments.of(tol("dedicated", "Exists", null, null), true),
                Arguments.of(tol("dedicated", "Exists", null, "NoExecute"), false),
                Arguments.of(tol(null, "Exists", null, null), true),
                Arguments.of(tol("other", "Exists", null, null), false),
                Arguments.of(tol("dedicated", "Bogus", "gpu", null), false));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void toleratesAsUpstream(Toleration t, boolean want) {
        assertEquals(want, Tolerations.tolerates(List.of(t), TAINT), t.toString());
    }

    @Test
    void firstUntoleratedSkipsFilteredOutEffects() {
        Taint soft = new Taint("PreferNoSchedule", "soft", null, "x");
        assertEquals(TAINT, Tolerations.firstUntolerated(List.of(soft, TAINT), List.of(), Tolerations::noScheduleOrNoExecute));
        assertNull(Tolerations.firstUntolerated(List.of(soft), List.of(), Tolerations::noScheduleOrNoExecute));
    }

    @Test
    void defaultNormalizeScalesToMaxAndReverses() {
        var scores = List.of(new NodeScore("a", 0), new NodeScore("b", 5), new NodeScore("c", 10));
        Scores.defaultNormalize(100, false, scores);
        assertEquals("[a=0, b=50, c=100]", scores.toString());
        Scores.defaultNormalize(100, true, scores);
        assertEquals("[a=100, b=50, c=0]", scores.toString());
        var zeros = List.of(new NodeScore("a", 0));
        Scores.defaultNormalize(100, true, zeros);
        assertEquals(100, zeros.get(0).score());
    }
}
