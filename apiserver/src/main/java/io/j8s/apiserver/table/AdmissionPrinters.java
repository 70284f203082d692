package io.j8s.apiserver.table;

import static io.j8s.apiserver.table.CellText.orEmpty;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ParamKind;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ParamRef;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;

/** Webhook configurations (NAME WEBHOOKS AGE) and validating admission policies and their bindings. */
final class AdmissionPrinters {
    private AdmissionPrinters() {}

    private static final String WEBHOOKS =
            "Webhooks indicates the number of webhooks registered in this configuration";

    static Printer<MutatingWebhookConfiguration> mutatingWebhooks() {
        return Printer.of(MutatingWebhookConfiguration.class).name()
                .column("Webhooks", "integer", WEBHOOKS, c -> CellText.size(c.getWebhooks()))
                .age()
                .build();
    }

    static Printer<ValidatingWebhookConfiguration> validatingWebhooks() {
        return Printer.of(ValidatingWebhookConfiguration.class).name()
                .column("Webhooks", "integer", WEBHOOKS, c -> CellText.size(c.getWebhooks()))
                .age()
                .build();
    }

    static Printer<ValidatingAdmissionPolicy> validatingAdmissionPolicy() {
        return Printer.of(ValidatingAdmissionPolicy.class).name()
                .column("Validations", "integer", "Validations indicates the number of validation "
                        + "rules defined in this configuration",
                        p -> CellText.size(p.getSpec() == null ? null : p.getSpec().getValidations()))
                .column("ParamKind", "string", "ParamKind specifies the kind of resources used to "
                        + "parameterize this policy", AdmissionPrinters::paramKind)
                .age()
                .build();
    }

    static Printer<ValidatingAdmissionPolicyBinding> validatingAdmissionPolicyBinding() {
        return Printer.of(ValidatingAdmissionPolicyBinding.class).name()
                .column("PolicyName", "string", "PolicyName indicates the policy definition which the "
                        + "policy binding binded to",
                        b -> b.getSpec() == null ? "" : orEmpty(b.getSpec().getPolicyName()))
                .column("ParamRef", "string", "ParamRef indicates the param resource which sets the "
                        + "configration param", AdmissionPrinters::paramRef)
                .age()
                .build();
    }

    private static String paramKind(ValidatingAdmissionPolicy p) {
        ParamKind k = p.getSpec() == null ? null : p.getSpec().getParamKind();
        return k == null ? CellText.UNSET : orEmpty(k.getApiVersion()) + "/" + orEmpty(k.getKind());
    }

    /** {@code namespace/name}, a star for the namespace when it names none, or the selector. */
    private static String paramRef(ValidatingAdmissionPolicyBinding b) {
        ParamRef r = b.getSpec() == null ? null : b.getSpec().getParamRef();
        if (r == null) {
            return CellText.UNSET;
        }
        if (r.getName() != null && !r.getName().isEmpty()) {
            String ns = r.getNamespace() == null || r.getNamespace().isEmpty() ? "*" : r.getNamespace();
            return ns + "/" + r.getName();
        }
        return r.getSelector() == null ? CellText.UNSET : SelectorText.plain(r.getSelector());
    }
}
