package io.j8s.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanDurationTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // a clock slightly behind the object's timestamp reads as now; further behind is invalid
        "-PT2S, <invalid>",
        "-PT1.5S, 0s",
        "-PT0.5S, 0s",
        "PT0S, 0s",
        "PT0.9S, 0s",
        "PT1S, 1s",
        "PT119.9S, 119s",
        "PT2M, 2m",
        "PT2M1S, 2m1s",
        "PT9M59S, 9m59s",
        "PT10M, 10m",
        "PT10M59S, 10m",
        "PT2H59M, 179m",
        "PT3H, 3h",
        "PT3H5M, 3h5m",
        "PT7H59M59S, 7h59m",
        "PT8H, 8h",
        "PT47H59M, 47h",
        "PT48H, 2d",
        "PT49H, 2d1h",
        "PT191H, 7d23h",
        "PT192H, 8d",
        "P729D, 729d",
        "P730D, 2y",
        "P731D, 2y1d",
        "P2919D, 7y364d",
        "P2920D, 8y",
        "P7300D, 20y",
    })
    void formatsLikeUpstream(String iso, String expected) {
        assertThat(HumanDuration.format(Duration.parse(iso))).isEqualTo(expected);
    }
}
