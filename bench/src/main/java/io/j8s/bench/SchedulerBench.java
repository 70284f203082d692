package io.j8s.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code j8s bench scheduler}: upstream scheduler_perf's workloads against the scheduler in this
 * JVM, binding through the real API server and the embedded store; a fresh cluster per workload.
 * One row per workload (pods/s average and p50 of one-second windows, against the target) and
 * the summary line {@code scheduler SchedulingBasic=<pods/s> ...}.
 */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
        description = {"Measure the scheduler's throughput on upstream scheduler_perf's workloads:"
                + " SchedulingBasic, NodeAffinity, PodAntiAffinity, TopologySpreading, Preemption.",
                "Nodes and pending pods are created through the API (no kubelet), then the scheduler"
                + " starts and a watch counts bindings. Progress goes to stderr, the table to stdout."})
public final class SchedulerBench implements Callable<Integer> {
    @Option(names = "--workload", paramLabel = "NAME", split = ",",
            description = "The workloads to run (default: all), e.g. SchedulingBasic,Preemption.")
    List<String> workloads;

    @Option(names = "--nodes", paramLabel = "N", description = "Nodes per workload (default: the"
            + " workload's own, e.g. 5,000; a tenth with --quick).")
    Integer nodes;

    @Option(names = "--pods", paramLabel = "N", description = "Measured pods per workload"
            + " (default: the workload's own, e.g. 10,000; a tenth with --quick).")
    Integer pods;

    @Option(names = "--quick", description = "A tenth of every size: the whole run takes a few minutes.")
    boolean quick;

    @Option(names = "--stall", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up on a workload when no pod was bound for this long (default: 60s).")
    Duration stall = Duration.ofSeconds(60);

    @Option(names = "--baseline", description = "Bind every pod round-robin without a scheduler:"
            + " the ceiling the API server and the store set on this machine.")
    boolean baseline;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<SchedulerWorkload> chosen = new ArrayList<>();
        if (workloads == null || workloads.isEmpty()) {
            chosen.addAll(List.of(SchedulerWorkload.values()));
        } else {
            for (String w : workloads) {
                chosen.add(SchedulerWorkload.named(w));
            }
        }
        if ((nodes != null && nodes < 1) || (pods != null && pods < 1)) {
            throw new IllegalArgumentException("--nodes and --pods must be at least 1");
        }
        String machine = MachineContext.line(Clock.systemUTC().instant());
        List<SchedulerFigures> figures = new ArrayList<>();
        for (SchedulerWorkload w : chosen) {
            int n = nodes != null ? nodes : quick ? w.quickNodes() : w.nodes;
            int p = pods != null ? pods : quick ? w.quickPods() : w.pods;
            err.println("bench scheduler: " + w.label + ": " + n + " nodes, " + p + " pods");
            err.flush();
            SchedulerFigures f = new SchedulerRun(w, n, p, stall, baseline, line -> {
                err.println("bench scheduler: " + line);
                err.flush();
            }).measure();
            err.println("bench scheduler: " + w.label + ": " + f.bound() + "/" + p + " bound, "
                    + ResultsTable.count(f.average()) + " pods/s"
                    + (f.failure() == null ? "" : " (" + f.failure() + ")"));
            err.flush();
            figures.add(f);
        }
        out.println(machine);
        if (baseline) {
            out.println("baseline: no scheduler; pods bound round-robin through the Binding API");
        }
        out.println();
        table(figures, baseline).print(out);
        out.println();
        out.println(summary(figures));
        out.flush();
        return figures.stream().allMatch(f -> f.failure() == null) ? 0 : 1;
    }

    static ResultsTable table(List<SchedulerFigures> figures) {
        return table(figures, false);
    }

    static ResultsTable table(List<SchedulerFigures> figures, boolean baseline) {
        ResultsTable t = new ResultsTable().left("workload").right("nodes").right("pods")
                .right("bound").right("seconds").right("pods/s avg").right("pods/s p50")
                .right("target").left("met");
        for (SchedulerFigures f : figures) {
            t.row(f.workload().label, ResultsTable.count(f.nodes()), ResultsTable.count(f.pods()),
                    ResultsTable.count(f.bound()), ResultsTable.decimal(f.seconds(), 1),
                    ResultsTable.count(f.average()), ResultsTable.count(f.p50()),
                    "≥ " + ResultsTable.count(f.workload().target),
                    f.failure() != null ? "n/a" : baseline ? "baseline" : f.met() ? "yes" : "no");
        }
        t.note("pods created before the scheduler starts; pods/s avg: bound pods over the time"
                + " from the first binding to the last; p50: median of the full one-second windows.");
        for (SchedulerFigures f : figures) {
            if (f.failure() != null) {
                t.note(f.workload().label + ": " + f.failure());
            }
        }
        return t;
    }

    /** {@code scheduler SchedulingBasic=712 NodeAffinity=...}, the workloads that ran. */
    static String summary(List<SchedulerFigures> figures) {
        StringBuilder b = new StringBuilder("scheduler");
        for (SchedulerFigures f : figures) {
            b.append(' ').append(f.workload().label).append('=')
                    .append(Double.isFinite(f.average())
                            ? String.format(Locale.ROOT, "%.0f", f.average()) : "n/a");
        }
        return b.toString();
    }
}
