package io.j8s.kubelet.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How a command ended, as the error stream (channel 3) reports it. From v4.channel.k8s.io on that
 * is a metav1.Status: Success, Failure with reason NonZeroExitCode and a cause {reason: ExitCode,
 * message: "n"} (what lets kubectl exit with n), or an InternalError when the runtime could not run
 * the command. Earlier protocol versions carry only an error message and nothing on success.
 */
sealed interface CommandResult {
    ObjectMapper JSON = new ObjectMapper();

    record Exited(List<String> command, int code) implements CommandResult {}

    record Failed(String message) implements CommandResult {}

    /** The bytes for the error stream; empty means write nothing. */
    default byte[] encode(boolean statusObjects) {
        if (!statusObjects) {
            return switch (this) {
                case Exited e when e.code() == 0 -> new byte[0];
                case Exited e -> utf8(nonZeroMessage(e));
                case Failed f -> utf8(f.message());
            };
        }
        ObjectNode status = JSON.createObjectNode();
        status.putObject("metadata");
        switch (this) {
            case Exited e when e.code() == 0 -> status.put("status", "Success");
            case Exited e -> {
                status.put("status", "Failure").put("message", nonZeroMessage(e))
                        .put("reason", "NonZeroExitCode");
                status.putObject("details").putArray("causes").addObject()
                        .put("reason", "ExitCode").put("message", Integer.toString(e.code()));
            }
            case Failed f -> {
                status.put("status", "Failure").put("message", "Internal error occurred: "
                        + f.message()).put("reason", "InternalError").put("code", 500);
                status.putObject("details").putArray("causes").addObject().put("message", f.message());
            }
        }
        return utf8(status.toString());
    }

    private static String nonZeroMessage(Exited e) {
        return "command terminated with non-zero exit code: error executing command "
                + e.command() + ", exit code " + e.code();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
