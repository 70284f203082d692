package io.j8s.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalQuantityTest {
    @ParameterizedTest
    @CsvSource({"2000m,2", "2,2", "0.5,500m", "1000,1k", "1500,1500", "1024Mi,1Gi",
            "1.5Gi,1536Mi", "512,512", "100Mi,100Mi", "0.1,100m", "1e3,1e3", "1500e0,1500",
            "0,0", "1Ki,1Ki", "1m,1m", "250u,250u"})
    void printsAsUpstream(String text, String canonical) {
        assertThat(CanonicalQuantity.of(text)).isEqualTo(canonical);
    }
}
