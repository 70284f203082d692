package io.j8s.api.codec;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * The escapes of Go's {@code encoding/json} encoder, which upstream writes its bodies with:
 * {@code <}, {@code >} and {@code &} as {@code \u003c}, {@code \u003e}, {@code \u0026}, and the
 * line and paragraph separators U+2028 and U+2029 escaped too, all in lower-case hex.
 */
final class GoEscapes extends CharacterEscapes {
    private static final int[] ASCII = standardAsciiEscapesForJSON();

    static {
        ASCII['<'] = ESCAPE_CUSTOM;
        ASCII['>'] = ESCAPE_CUSTOM;
        ASCII['&'] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ASCII.clone();
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return switch (ch) {
            case '<', '>', '&', 0x2028, 0x2029 ->
                    new SerializedString(String.format("\\u%04x", ch));
            default -> null;
        };
    }
}
