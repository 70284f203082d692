package io.j8s.kubelet.streamclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.j8s.kubelet.runtime.CommandFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What the error stream of an exec or attach says, read as kubectl reads it. From v4 on it is a
 * metav1.Status: Success is exit code 0; Failure with reason NonZeroExitCode carries the code in
 * a cause of reason ExitCode; any other failure could not run the command. Before v4 the stream
 * holds an error message or nothing. An empty stream (the server hung up) counts as success, as
 * it does for kubectl.
 */
final class RemoteCommandResult {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RemoteCommandResult() {}

    static int exitCode(byte[] errorStream, boolean statusObjects) throws CommandFailure {
        String text = new String(errorStream, StandardCharsets.UTF_8).trim();
        if (text.isEmpty()) {
            return 0;
        }
        if (!statusObjects) {
            throw new CommandFailure(text);
        }
        JsonNode status;
        try {
            status = JSON.readTree(text);
        } catch (IOException e) {
            throw new CommandFailure("error stream protocol error: " + e.getMessage() + " in \""
                    + text + "\"");
        }
        if ("Success".equals(status.path("status").asText())) {
            return 0;
        }
        JsonNode causes = status.path("details").path("causes");
        if ("NonZeroExitCode".equals(status.path("reason").asText())) {
            for (JsonNode cause : causes) {
                if ("ExitCode".equals(cause.path("reason").asText())) {
                    try {
                        return Integer.parseInt(cause.path("message").asText());
                    } catch (NumberFormatException e) {
                        throw new CommandFailure("error stream protocol error: invalid exit code value \""
                                + cause.path("message").asText() + "\"");
                    }
                }
            }
            throw new CommandFailure("error stream protocol error: no ExitCode cause in \"" + text + "\"");
        }
        // An InternalError's first cause is the runtime's own sentence, without the prefix.
        if ("InternalError".equals(status.path("reason").asText()) && causes.size() > 0
                && !causes.get(0).path("message").asText().isEmpty()) {
            throw new CommandFailure(causes.get(0).path("message").asText());
        }
        throw new CommandFailure(status.path("message").asText(text));
    }
}
