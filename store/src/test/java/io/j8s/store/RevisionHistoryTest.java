package io.j8s.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RevisionHistoryTest {
    @Test
    void compactsToTheNewestRevisionAtLeastTheRetentionOld() {
        AtomicLong now = new AtomicLong();
        CompactingStore.RevisionHistory h = new CompactingStore.RevisionHistory(300, now::get);
        assertThat(h.record(10)).isZero();
        now.set(100);
        assertThat(h.record(20)).isZero();
        now.set(299);
        assertThat(h.record(30)).isZero();
        now.set(300);
        assertThat(h.record(40)).isEqualTo(10);
        now.set(450);
        assertThat(h.record(50)).isEqualTo(20);
        now.set(10_000);
        assertThat(h.record(60)).isEqualTo(50);
        assertThat(h.record(70)).isZero();
    }
}
