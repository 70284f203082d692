package io.j8s.kubelet.runtime.sim;

import io.j8s.kubelet.runtime.CommandFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few commands a sim container knows: {@code echo ARGS}, {@code cat} (stdin to stdout),
 * {@code true}, {@code false} and {@code sh -c 'exit N'}; any other executable is not found, as
 * runc says it.
 */
final class SimCommands {
    private static final Pattern EXIT = Pattern.compile("\\s*exit\\s+(\\d{1,3})\\s*");

    private SimCommands() {}

    static int run(List<String> command, InputStream stdin, OutputStream stdout,
            OutputStream stderr) throws IOException, CommandFailure {
        if (command.isEmpty()) {
            throw new CommandFailure("OCI runtime exec failed: exec failed: unable to start"
                    + " container process: exec: no command: unknown");
        }
        switch (command.getFirst()) {
            case "echo" -> {
                String line = String.join(" ", command.subList(1, command.size())) + "\n";
                stdout.write(line.getBytes(StandardCharsets.UTF_8));
                stdout.flush();
                return 0;
            }
            case "cat" -> {
                if (stdin != null) {
                    byte[] buffer = new byte[8192];
                    for (int n; (n = stdin.read(buffer)) >= 0; ) {
                        stdout.write(buffer, 0, n);
                        stdout.flush();
                    }
                }
                return 0;
            }
            case "true" -> {
                return 0;
            }
            case "false" -> {
                return 1;
            }
            case "sh", "/bin/sh" -> {
                if (command.size() == 3 && command.get(1).equals("-c")) {
                    Matcher m = EXIT.matcher(command.get(2));
                    if (m.matches()) {
                        return Integer.parseInt(m.group(1)) & 0xff;
                    }
                }
                OutputStream err = stderr != null ? stderr : stdout;
                err.write("sh: the sim runtime's shell only knows -c 'exit N'\n"
                        .getBytes(StandardCharsets.UTF_8));
                err.flush();
                return 2;
            }
            default -> throw new CommandFailure("OCI runtime exec failed: exec failed: unable to"
                    + " start container process: exec: \"" + command.getFirst()
                    + "\": executable file not found in $PATH: unknown");
        }
    }
}
