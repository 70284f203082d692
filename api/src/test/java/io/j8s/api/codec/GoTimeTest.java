package io.j8s.api.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GoTimeTest {
    @Test
    void timesAreRfc3339InUtc() {
        long t = Instant.parse("2024-01-02T03:04:05Z").getEpochSecond();
        assertThat(GoTime.formatSeconds(t)).isEqualTo("2024-01-02T03:04:05Z");
        assertThat(GoTime.formatMicros(t, 123_456_789)).isEqualTo("2024-01-02T03:04:05.123456Z");
        assertThat(GoTime.formatMicros(t, 0)).isEqualTo("2024-01-02T03:04:05.000000Z");
        assertThat(GoTime.parse("2024-01-02T05:04:05.5+02:00")).isEqualTo(Instant.parse("2024-01-02T03:04:05.5Z"));
        assertThat(GoTime.formatSeconds(Instant.parse("0001-01-01T00:00:00Z").getEpochSecond()))
                .isEqualTo("0001-01-01T00:00:00Z");
    }

    @Test
    void yearsGoCannotWriteAreRefused() {
        assertThatThrownBy(() -> GoTime.formatSeconds(Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond()))
                .isInstanceOf(DateTimeException.class);
    }
}
