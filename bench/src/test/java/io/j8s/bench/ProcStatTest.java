package io.j8s.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void readsVmRssInKib() {
        String status = "Name:\tjava\nState:\tS (sleeping)\nVmPeak:\t 9000000 kB\n"
                + "VmRSS:\t  357236 kB\nRssAnon:\t 300000 kB\n";

        assertThat(ProcStat.vmRssKib(status)).isEqualTo(357236);
    }

    @Test
    void aZombieHasNoRss() {
        assertThatThrownBy(() -> ProcStat.vmRssKib("Name:\tx\nState:\tZ (zombie)\n"))
                .hasMessageContaining("no VmRSS");
    }

    @Test
    void addsUserAndSystemTicksCountingFieldsAfterTheCommandName() {
        // A command name with spaces and a ')' of its own must not shift the fields.
        String stat = "4242 (we ird) name) S 1 4242 4242 0 -1 4194560 3000 0 2 0 1234 567 0 0"
                + " 20 0 40 0 100 5000000 90000 18446744073709551615\n";

        assertThat(ProcStat.cpuTicks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void cpuPercentIsOfOneCore() {
        // 150 ticks of 10 ms over 10 s of wall time: 1.5 s of CPU, 15 % of a core.
        assertThat(ProcStat.cpuPercent(150, 10_000_000_000L)).isEqualTo(15.0);
        assertThat(ProcStat.mib(357236)).isEqualTo("348.9");
    }

    @Test
    void tellsTheJitCompilerThreadsFromTheOthers() {
        assertThat(ProcStat.jitCompiler("7114 (C2 CompilerThre) S 1 6978 6978 0 -1 0 0 0 0 0 38 2"))
                .isTrue();
        assertThat(ProcStat.jitCompiler("7115 (C1 CompilerThre) S 1 6978 6978 0 -1 0 0 0 0 0 3 1"))
                .isTrue();
        assertThat(ProcStat.jitCompiler("7936 (kubelet-relist-) S 1 6978 6978 0 -1 0 0 0 0 0 9 0"))
                .isFalse();
    }

    @Test
    void sumsTheJitCompilerTicksOfARunningJvm() throws Exception {
        // This JVM has compiler threads (unless run with -Xint); the sum is never negative.
        assertThat(ProcStat.jitCompilerTicks(ProcessHandle.current().pid())).isNotNegative();
        assertThat(ProcStat.rssKib(ProcessHandle.current().pid())).isPositive();
    }
}
