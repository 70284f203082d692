package io.j8s.apiserver.admission;

import io.j8s.api.validation.CanonicalQuantity;
import java.math.BigDecimal;

/** Sums printed as upstream prints quota amounts: in the binary family when written so. */
final class QuantityText {
    private QuantityText() {}

    static String format(BigDecimal value, boolean binary) {
        return CanonicalQuantity.format(value, binary ? CanonicalQuantity.Format.BINARY_SI
                : CanonicalQuantity.Format.DECIMAL_SI);
    }

    static boolean binary(String text) {
        return CanonicalQuantity.formatOf(text) == CanonicalQuantity.Format.BINARY_SI;
    }
}
