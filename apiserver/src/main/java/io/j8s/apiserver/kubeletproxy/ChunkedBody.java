package io.j8s.apiserver.kubeletproxy;

import io.vertx.core.buffer.Buffer;

/** An HTTP/1.1 chunked body, decoded once it is whole (a kubelet's short error answers). */
final class ChunkedBody {
    private ChunkedBody() {}

    /** The decoded body, null while the last chunk has not arrived, {@code raw} if malformed. */
    static Buffer decode(Buffer raw) {
        Buffer out = Buffer.buffer();
        int i = 0;
        while (true) {
            int eol = indexOf(raw, i);
            if (eol < 0) {
                return null;
            }
            String size = raw.getString(i, eol, "ISO-8859-1");
            int semicolon = size.indexOf(';');
            int n;
            try {
                n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon))
                        .trim(), 16);
            } catch (NumberFormatException e) {
                return raw;
            }
            if (n < 0) {
                return raw;
            }
            if (n == 0) {
                return out;
            }
            if (n > raw.length()) {
                return null;
            }
            if (eol + 2 + n + 2 > raw.length()) {
                return null;
            }
            out.appendBuffer(raw.getBuffer(eol + 2, eol + 2 + n));
            i = eol + 2 + n + 2;
        }
    }

    private static int indexOf(Buffer b, int from) {
        for (int i = from; i + 1 < b.length(); i++) {
            if (b.getByte(i) == '\r' && b.getByte(i + 1) == '\n') {
                return i;
            }
        }
        return -1;
    }
}
