package io.j8s.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code j8s bench SUITE}: runs one benchmark suite and prints its results table. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark suite and print its results as a Markdown table.",
        subcommands = {StoreBench.class, ApiBench.class})
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
