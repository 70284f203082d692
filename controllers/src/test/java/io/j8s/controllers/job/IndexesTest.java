package io.j8s.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IndexesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"'' | ''", "0 | 0", "0-2 | 0-2", "1,3-5,7 | 1,3-5,7",
        "0,1,2,4 | 0-2,4", "3-19 | 3-9"})
    void intervalsRoundTripAndStayBelowCompletions(String text, String expected) {
        assertThat(Indexes.format(Indexes.parse(text, 10))).isEqualTo(expected);
    }
}
