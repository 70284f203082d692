package io.j8s.kubelet.images;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A ustar writer for what image layers and archives hold: regular files, directories and
 * symlinks, owned by root, with a fixed modification time so that the same content gives the
 * same digest.
 */
final class TarWriter implements AutoCloseable {
    private static final int BLOCK = 512;
    private static final long MTIME = 1_700_000_000L;

    private final OutputStream out;

    TarWriter(OutputStream out) {
        this.out = out;
    }

    void file(String name, byte[] content, int mode) throws IOException {
        out.write(header(name, mode, content.length, '0', ""));
        out.write(content);
        pad(content.length);
    }

    void directory(String name, int mode) throws IOException {
        out.write(header(name.endsWith("/") ? name : name + "/", mode, 0, '5', ""));
    }

    void symlink(String name, String target) throws IOException {
        out.write(header(name, 0777, 0, '2', target));
    }

    @Override
    public void close() throws IOException {
        out.write(new byte[BLOCK * 2]);
        out.flush();
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }

    private static byte[] header(String name, int mode, long size, char type, String link) {
        byte[] h = new byte[BLOCK];
        String prefix = "";
        if (utf8(name).length > 100) {
            int cut = name.lastIndexOf('/', Math.min(name.length() - 1, 155));
            if (cut <= 0 || utf8(name.substring(cut + 1)).length > 100) {
                throw new IllegalArgumentException("path too long for a tar header: " + name);
            }
            prefix = name.substring(0, cut);
            name = name.substring(cut + 1);
        }
        if (utf8(link).length > 100) {
            throw new IllegalArgumentException("link target too long for a tar header: " + link);
        }
        put(h, 0, 100, utf8(name));
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, MTIME);
        h[156] = (byte) type;
        put(h, 157, 100, utf8(link));
        put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        put(h, 265, 32, utf8("root"));
        put(h, 297, 32, utf8("root"));
        put(h, 345, 155, utf8(prefix));
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        byte[] checksum = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(checksum, 0, h, 148, 8);
        return h;
    }

    private static void octal(byte[] h, int offset, int length, long value) {
        String text = String.format("%0" + (length - 1) + "o", value);
        put(h, offset, length, (text + "\0").getBytes(StandardCharsets.US_ASCII));
    }

    private static void put(byte[] h, int offset, int length, byte[] value) {
        System.arraycopy(value, 0, h, offset, Math.min(length, value.length));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
