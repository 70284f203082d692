package io.j8s.cloud.provider;

/** A provider call that failed; its message says why, for an event or a log line. */
public class CloudException extends Exception {
    public CloudException(String message) {
        super(message);
    }
}
