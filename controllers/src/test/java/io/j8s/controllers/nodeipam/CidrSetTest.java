package io.j8s.controllers.nodeipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrSetTest {
    @Test
    void handsOutTheLowestFreeSubnetAndTakesBackFreedOnes() {
        CidrSet set = new CidrSet("10.42.0.0/16", 24);
        assertThat(set.allocateNext()).hasValue("10.42.0.0/24");
        assertThat(set.occupy("10.42.1.0/24")).isTrue();
        assertThat(set.allocateNext()).hasValue("10.42.2.0/24");
        set.release("10.42.0.0/24");
        assertThat(set.allocateNext()).hasValue("10.42.0.0/24");
        assertThat(set.free()).isEqualTo(253);
    }

    @Test
    void subnetsOutsideTheRangeOrOfAnotherSizeAreNotTaken() {
        CidrSet set = new CidrSet("10.42.0.0/16", 24);
        assertThat(set.occupy("10.43.0.0/24")).isFalse();
        assertThat(set.occupy("10.42.0.0/25")).isFalse();
        assertThat(set.occupy("10.42.0.128/24")).isFalse();
        assertThat(set.occupy("nonsense")).isFalse();
        assertThat(set.free()).isEqualTo(256);
    }

    @Test
    void aFullRangeHasNothingMore() {
        CidrSet set = new CidrSet("10.42.0.0/23", 24);
        assertThat(set.allocateNext()).hasValue("10.42.0.0/24");
        assertThat(set.allocateNext()).hasValue("10.42.1.0/24");
        assertThat(set.allocateNext()).isEmpty();
    }

    @Test
    void unusableRangesAreRefused() {
        assertThatThrownBy(() -> new CidrSet("10.42.0.0", 24)).hasMessageContaining("a.b.c.d/n");
        assertThatThrownBy(() -> new CidrSet("10.42.0.0/16", 8))
                .hasMessageContaining("between the cluster CIDR's prefix length 16 and 32");
        assertThatThrownBy(() -> new CidrSet("fd00::/8", 24)).hasMessageContaining("IPv4");
    }
}
