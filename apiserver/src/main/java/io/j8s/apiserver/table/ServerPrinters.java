package io.j8s.apiserver.table;

import static io.j8s.apiserver.table.CellText.orEmpty;

import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.APIServiceCondition;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.api.model.flowcontrol.v1.FlowSchema;
import io.fabric8.kubernetes.api.model.flowcontrol.v1.FlowSchemaCondition;
import io.fabric8.kubernetes.api.model.flowcontrol.v1.LimitedPriorityLevelConfiguration;
import io.fabric8.kubernetes.api.model.flowcontrol.v1.PriorityLevelConfiguration;
import io.fabric8.kubernetes.api.model.flowcontrol.v1.QueuingConfiguration;
import java.time.Duration;
import java.util.function.Function;

/** APIServices, CertificateSigningRequests, FlowSchemas and PriorityLevelConfigurations. */
final class ServerPrinters {
    private ServerPrinters() {}

    static Printer<APIService> apiService() {
        return Printer.of(APIService.class).name()
                .column("Service", "string",
                        "The reference to the service that hosts this API endpoint.",
                        a -> a.getSpec() == null || a.getSpec().getService() == null ? "Local"
                                : a.getSpec().getService().getNamespace() + "/"
                                        + a.getSpec().getService().getName())
                .column("Available", "string", "Whether this service is available.",
                        ServerPrinters::available)
                .age()
                .build();
    }

    /** The Available condition: {@code True}, {@code False (Reason)}, or {@code Unknown}. */
    private static String available(APIService a) {
        if (a.getStatus() != null) {
            for (APIServiceCondition c : orEmpty(a.getStatus().getConditions())) {
                if ("Available".equals(c.getType())) {
                    String status = orEmpty(c.getStatus());
                    return status.equals("True") || orEmpty(c.getReason()).isEmpty() ? status
                            : status + " (" + c.getReason() + ")";
                }
            }
        }
        return "Unknown";
    }

    static Printer<CertificateSigningRequest> certificateSigningRequest() {
        return Printer.of(CertificateSigningRequest.class).name()
                .age()
                .column("SignerName", "string", "signerName indicates the requested signer, and is"
                        + " a qualified name.", c -> c.getSpec() == null
                                || orEmpty(c.getSpec().getSignerName()).isEmpty() ? CellText.NONE
                                : c.getSpec().getSignerName())
                .column("Requestor", "string", "request contains an x509 certificate signing"
                        + " request encoded in a \"CERTIFICATE REQUEST\" PEM block.",
                        c -> c.getSpec() == null ? "" : orEmpty(c.getSpec().getUsername()))
                .column("RequestedDuration", "string", "expirationSeconds is the requested"
                        + " duration of validity of the issued certificate.",
                        c -> c.getSpec() == null || c.getSpec().getExpirationSeconds() == null
                                ? CellText.NONE : HumanDuration.format(Duration.ofSeconds(
                                        c.getSpec().getExpirationSeconds())))
                .column("Condition", "string", "conditions applied to the request. Known"
                        + " conditions are \"Approved\", \"Denied\", and \"Failed\".",
                        ServerPrinters::csrCondition)
                .build();
    }

    /** Denied, else Approved, else Pending; then {@code ,Failed} and {@code ,Issued}. */
    private static String csrCondition(CertificateSigningRequest csr) {
        boolean approved = false;
        boolean denied = false;
        boolean failed = false;
        if (csr.getStatus() != null) {
            for (CertificateSigningRequestCondition c : orEmpty(csr.getStatus().getConditions())) {
                switch (orEmpty(c.getType())) {
                    case "Approved" -> approved = true;
                    case "Denied" -> denied = true;
                    case "Failed" -> failed = true;
                    default -> { }
                }
            }
        }
        String status = denied ? "Denied" : approved ? "Approved" : "Pending";
        if (failed) {
            status += ",Failed";
        }
        if (csr.getStatus() != null && !orEmpty(csr.getStatus().getCertificate()).isEmpty()) {
            status += ",Issued";
        }
        return status;
    }

    static Printer<FlowSchema> flowSchema() {
        return Printer.of(FlowSchema.class).name()
                .column("PriorityLevel", "string", "`name` is the name of the priority level"
                        + " configuration being referenced Required.",
                        f -> f.getSpec() == null || f.getSpec().getPriorityLevelConfiguration() == null
                                ? "" : orEmpty(f.getSpec().getPriorityLevelConfiguration().getName()))
                .column("MatchingPrecedence", "string", "`matchingPrecedence` is used to choose"
                        + " among the FlowSchemas that match a given request.",
                        f -> f.getSpec() == null ? 0L : CellText.count(f.getSpec().getMatchingPrecedence()))
                .column("DistinguisherMethod", "string", "`distinguisherMethod` defines how to"
                        + " compute the flow distinguisher for requests that match this schema.",
                        f -> f.getSpec() == null || f.getSpec().getDistinguisherMethod() == null
                                ? CellText.NONE : orEmpty(f.getSpec().getDistinguisherMethod().getType()))
                .age()
                .column("MissingPL", "string",
                        "references a broken or non-existent PriorityLevelConfiguration",
                        ServerPrinters::missingPriorityLevel)
                .build();
    }

    private static String missingPriorityLevel(FlowSchema f) {
        if (f.getStatus() != null) {
            for (FlowSchemaCondition c : orEmpty(f.getStatus().getConditions())) {
                if ("Dangling".equals(c.getType())) {
                    return orEmpty(c.getStatus());
                }
            }
        }
        return "?";
    }

    static Printer<PriorityLevelConfiguration> priorityLevelConfiguration() {
        Function<PriorityLevelConfiguration, LimitedPriorityLevelConfiguration> limited =
                p -> p.getSpec() == null ? null : p.getSpec().getLimited();
        Function<PriorityLevelConfiguration, QueuingConfiguration> queuing = p -> {
            LimitedPriorityLevelConfiguration l = limited.apply(p);
            return l == null || l.getLimitResponse() == null ? null
                    : l.getLimitResponse().getQueuing();
        };
        return Printer.of(PriorityLevelConfiguration.class).name()
                .column("Type", "string", "`type` indicates whether this priority level is"
                        + " subject to limitation on request execution.",
                        p -> p.getSpec() == null ? "" : orEmpty(p.getSpec().getType()))
                .column("NominalConcurrencyShares", "string", "`nominalConcurrencyShares` (NCS)"
                        + " contributes to the computation of the NominalConcurrencyLimit (NominalCL)"
                        + " of this level.", p -> limited.apply(p) == null ? CellText.NONE
                                : CellText.count(limited.apply(p).getNominalConcurrencyShares()))
                .column("Queues", "string", "`queues` is the number of queues for this priority"
                        + " level.", p -> queuing.apply(p) == null ? CellText.NONE
                                : CellText.count(queuing.apply(p).getQueues()))
                .column("HandSize", "string", "`handSize` is a small positive number that"
                        + " configures the shuffle sharding of requests into queues.",
                        p -> queuing.apply(p) == null ? CellText.NONE
                                : CellText.count(queuing.apply(p).getHandSize()))
                .column("QueueLengthLimit", "string", "`queueLengthLimit` is the maximum number"
                        + " of requests allowed to be waiting in a given queue of this priority"
                        + " level at a time.", p -> queuing.apply(p) == null ? CellText.NONE
                                : CellText.count(queuing.apply(p).getQueueLengthLimit()))
                .age()
                .build();
    }
}
