package io.j8s.api.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class GoDurationTest {
    @Test
    void formatsAsGoDoes() {
        assertThat(GoDuration.format(0)).isEqualTo("0s");
        assertThat(GoDuration.format(3_600_000_000_000L)).isEqualTo("1h0m0s");
        assertThat(GoDuration.format(90_500_000_000L)).isEqualTo("1m30.5s");
        assertThat(GoDuration.format(1_500_000_000L)).isEqualTo("1.5s");
        assertThat(GoDuration.format(300_000_000L)).isEqualTo("300ms");
        assertThat(GoDuration.format(1_500L)).isEqualTo("1.5\u00b5s");
        assertThat(GoDuration.format(7L)).isEqualTo("7ns");
        assertThat(GoDuration.format(-61_000_000_000L)).isEqualTo("-1m1s");
        assertThat(GoDuration.format(Long.MIN_VALUE)).isEqualTo("-2562047h47m16.854775808s");
        assertThat(GoDuration.format(Long.MAX_VALUE)).isEqualTo("2562047h47m16.854775807s");
    }

    @Test
    void parsesAsGoDoes() {
        assertThat(GoDuration.parse("1h30m")).isEqualTo(5_400_000_000_000L);
        assertThat(GoDuration.parse("1.5s")).isEqualTo(1_500_000_000L);
        assertThat(GoDuration.parse("-2us")).isEqualTo(-2_000L);
        assertThat(GoDuration.parse("0")).isZero();
        assertThat(GoDuration.parse(".5m")).isEqualTo(30_000_000_000L);
        for (String bad : new String[] {"", "1", "1x", "h", "1.2.3s", "-", "9999999999h"}) {
            assertThatThrownBy(() -> GoDuration.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Property(tries = 2000)
    void parseReadsWhatFormatWrites(@ForAll long nanos) {
        assertThat(GoDuration.parse(GoDuration.format(nanos))).isEqualTo(nanos);
    }
}
