package io.j8s.apiserver.audit;

import io.j8s.api.codec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The audit log of {@code --audit-policy-file} and {@code --audit-log-path}: one
 * audit.k8s.io/v1 Event per stage of each request the policy logs, as a JSON line, to a file
 * rotated by {@code --audit-log-maxsize}, {@code --audit-log-maxbackup} and
 * {@code --audit-log-maxage}, or to standard output for {@code -}.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());
    /** No policy: nothing is logged, every request still gets an audit ID. */
    public static final AuditLog NONE = new AuditLog(null, null, Clock.systemUTC());

    private final AuditPolicy policy;
    private final RotatingFile file;
    private final Clock clock;

    private AuditLog(AuditPolicy policy, RotatingFile file, Clock clock) {
        this.policy = policy;
        this.file = file;
        this.clock = clock;
    }

    /**
     * Reads the policy and opens the log; a policy the server cannot use is refused naming its
     * line.
     *
     * @param logPath the file, or {@code -} for standard output
     * @param maxSizeMb megabytes before a file is rotated (0: never)
     * @param maxBackups rotated files kept (0: all)
     * @param maxAgeDays days a rotated file is kept (0: any)
     */
    public static AuditLog open(Path policyFile, String logPath, int maxSizeMb, int maxBackups,
            int maxAgeDays) {
        AuditPolicy policy = AuditPolicy.read(policyFile);
        try {
            RotatingFile file = logPath.equals("-") ? null : new RotatingFile(Path.of(logPath),
                    maxSizeMb * 1024L * 1024L, maxBackups, Duration.ofDays(maxAgeDays),
                    Clock.systemDefaultZone());
            return new AuditLog(policy, file, Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit log " + logPath + ": "
                    + e.getMessage(), e);
        }
    }

    static AuditLog of(AuditPolicy policy, RotatingFile file, Clock clock) {
        return new AuditLog(policy, file, clock);
    }

    /**
     * Starts the audit of a request that was authenticated: logs its RequestReceived stage if
     * the policy asks for it.
     */
    public AuditedRequest begin(AuditAttributes attributes, String requestUri,
            List<String> sourceIps, String userAgent) {
        String id = UUID.randomUUID().toString();
        if (policy == null) {
            return new AuditedRequest(this, id, null, attributes, requestUri, sourceIps,
                    userAgent, clock.instant(), clock);
        }
        AuditPolicy.Decision d = policy.decide(attributes);
        if (attributes.isSecret() && d.level().atLeast(Level.Request)) {
            // j8s never writes a Secret's data to the log, whatever the policy says
            d = new AuditPolicy.Decision(Level.Metadata, d.omitStages(), d.omitManagedFields());
        }
        AuditedRequest r = new AuditedRequest(this, id, d.level() == Level.None ? null : d,
                attributes, requestUri, sourceIps, userAgent, clock.instant(), clock);
        r.stage("RequestReceived", null, null, null);
        return r;
    }

    void write(Object event) {
        try {
            byte[] line = (Json.MAPPER.writeValueAsString(event) + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (file == null) {
                synchronized (System.out) {
                    System.out.write(line);
                    System.out.flush();
                }
            } else {
                file.write(line);
            }
        } catch (IOException e) {
            LOG.log(java.util.logging.Level.WARNING, "cannot write to the audit log", e);
        }
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                LOG.log(java.util.logging.Level.FINE, "closing the audit log", e);
            }
        }
    }
}
