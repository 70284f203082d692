package io.j8s.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@code nft}, {@code iptables-restore} and friends with input on stdin. */
final class Commands {
    private Commands() {}

    /** What a command printed (stdout and stderr) and its exit code; 127 if it could not run. */
    record Result(int exit, String output) {
        Result orThrow(String what) {
            if (exit != 0) {
                throw new IllegalStateException(what + " failed (exit " + exit + "): "
                        + output.strip());
            }
            return this;
        }
    }

    static Result run(String input, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return e.toString();
                }
            });
            try (OutputStream in = p.getOutputStream()) {
                if (input != null) {
                    in.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(124, String.join(" ", command) + " timed out");
            }
            return new Result(p.exitValue(), out.join());
        } catch (IOException e) {
            return new Result(127, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, "interrupted");
        }
    }
}
