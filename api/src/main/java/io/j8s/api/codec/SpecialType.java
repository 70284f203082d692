package io.j8s.api.codec;

import com.google.protobuf.Descriptors.Descriptor;

/**
 * Messages whose JSON is not an object of their fields: apimachinery types with their own
 * {@code MarshalJSON}, and named slices such as {@code ExtraValue}.
 */
enum SpecialType {
    /** metav1.Time: RFC 3339 in whole seconds; null when zero. */
    TIME,
    /** metav1.MicroTime: RFC 3339 with six fractional digits; null when zero. */
    MICRO_TIME,
    /** metav1.Duration: a Go duration string such as {@code 1h0m0s}. */
    DURATION,
    /** resource.Quantity: its string. */
    QUANTITY,
    /** intstr.IntOrString: a JSON number or string. */
    INT_OR_STRING,
    /** runtime.RawExtension: the JSON its raw bytes hold. */
    RAW_EXTENSION,
    /** metav1.FieldsV1: the JSON object its raw bytes hold. */
    FIELDS_V1,
    /** A Go named slice ({@code type ExtraValue []string}): the array of its items. */
    SLICE,
    /** Any other message: a JSON object of its fields. */
    NONE;

    private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";

    static SpecialType of(Descriptor message) {
        return switch (message.getFullName()) {
            case META + "Time" -> TIME;
            case META + "MicroTime" -> MICRO_TIME;
            case META + "Duration" -> DURATION;
            case META + "FieldsV1" -> FIELDS_V1;
            case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> QUANTITY;
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> INT_OR_STRING;
            case "k8s.io.apimachinery.pkg.runtime.RawExtension" -> RAW_EXTENSION;
            default -> GoJsonTags.get().slices().contains(message.getFullName()) ? SLICE : NONE;
        };
    }
}
