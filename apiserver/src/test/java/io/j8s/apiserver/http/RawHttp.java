package io.j8s.apiserver.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** HTTP/1.1 over a plain socket, byte by byte, for tests that must control what is sent. */
final class RawHttp implements AutoCloseable {
    private final Socket socket;

    /** What came back: the status line and headers, and the body (chunks joined). */
    record Response(int code, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    RawHttp(int port, int readTimeoutMillis) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(readTimeoutMillis);
    }

    /** One whole request on a fresh connection, answered and closed. */
    static Response exchange(int port, String method, String path, String headers, String body)
            throws IOException {
        try (RawHttp http = new RawHttp(port, 10_000)) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            http.send(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + headers + "Content-Length: " + b.length + "\r\n\r\n" + body);
            return http.read();
        }
    }

    void send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Reads one response: its head, then a body of Content-Length bytes or of chunks. */
    Response read() throws IOException {
        InputStream in = socket.getInputStream();
        String head = line(in, "\r\n\r\n");
        if (head == null) {
            throw new IOException("the server closed the connection without answering");
        }
        int code = Integer.parseInt(head.split(" ")[1]);
        Response r = new Response(code, head, "");
        String length = r.header("Content-Length");
        String body;
        if (length != null) {
            body = new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
        } else if ("chunked".equalsIgnoreCase(r.header("Transfer-Encoding"))) {
            StringBuilder chunks = new StringBuilder();
            while (true) {
                String size = line(in, "\r\n");
                int n = Integer.parseInt(size.trim(), 16);
                if (n == 0) {
                    line(in, "\r\n");
                    break;
                }
                chunks.append(new String(in.readNBytes(n), StandardCharsets.UTF_8));
                line(in, "\r\n");
            }
            body = chunks.toString();
        } else {
            body = "";
        }
        return new Response(code, head, body);
    }

    /** Whether the server has closed the connection: a read ends instead of timing out. */
    boolean closedByServer() throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketException e) {
            return e.getMessage() != null
                    && e.getMessage().toLowerCase(Locale.ROOT).contains("reset");
        }
    }

    private static String line(InputStream in, String end) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            out.write(c);
            if (out.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
                String s = out.toString(StandardCharsets.UTF_8);
                return s.substring(0, s.length() - end.length());
            }
        }
        return out.size() == 0 ? null : out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
