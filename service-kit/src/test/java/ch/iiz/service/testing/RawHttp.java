package ch.iiz.service.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately dumb HTTP/1.1 client over a plain socket, one connection per request. Unlike the JDK client or
 * REST Assured it sends exactly the bytes it is given: any method, NUL and control characters in the target and in
 * header values, huge targets, bodies that do not match their Content-Type.
 */
final class RawHttp {

    private static final int MAX_RESPONSE = 8 * 1024 * 1024;

    private RawHttp() {
    }

    /** An answer; {@code status} is -1 when the server closed the connection without an HTTP answer. */
    record Answer(int status, Map<String, String> headers, byte[] body, String error) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static Answer send(int port, String method, String target, List<String[]> headers, byte[] body) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            line(head, method + " " + target + " HTTP/1.1");
            line(head, "Host: 127.0.0.1:" + port);
            for (String[] h : headers) {
                line(head, h[0] + ": " + h[1]);
            }
            if (body != null) {
                line(head, "Content-Length: " + body.length);
            }
            line(head, "Connection: close");
            line(head, "");
            String writeError = null;
            try {
                OutputStream out = socket.getOutputStream();
                out.write(head.toByteArray());
                if (body != null) {
                    for (int off = 0; off < body.length; off += 65_536) {
                        out.write(body, off, Math.min(65_536, body.length - off));
                    }
                }
                out.flush();
            } catch (IOException e) {
                writeError = "write: " + e.getMessage(); // the server may answer (413, 414, 431) before reading it all
            }
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            try {
                InputStream is = socket.getInputStream();
                byte[] buffer = new byte[65_536];
                int n;
                while ((n = is.read(buffer)) > 0) {
                    in.write(buffer, 0, n);
                    if (complete(in.toByteArray()) || in.size() > MAX_RESPONSE) {
                        break;
                    }
                }
            } catch (IOException e) {
                if (in.size() == 0) {
                    return new Answer(-1, Map.of(), new byte[0],
                            (writeError == null ? "" : writeError + "; ") + "read: " + e.getMessage());
                }
            }
            if (in.size() == 0) {
                return new Answer(-1, Map.of(), new byte[0],
                        (writeError == null ? "" : writeError + "; ") + "connection closed without an answer");
            }
            return parse(in.toByteArray());
        } catch (IOException e) {
            return new Answer(-1, Map.of(), new byte[0], "connect: " + e.getMessage());
        }
    }

    private static void line(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        out.write('\r');
        out.write('\n');
    }

    private static int headerEnd(byte[] raw) {
        for (int i = 0; i + 3 < raw.length; i++) {
            if (raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static boolean complete(byte[] raw) {
        int end = headerEnd(raw);
        if (end < 0) {
            return false;
        }
        Map<String, String> headers = headers(new String(raw, 0, end, StandardCharsets.ISO_8859_1));
        String length = headers.get("content-length");
        if (length != null) {
            try {
                return raw.length - end - 4 >= Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if ("chunked".equalsIgnoreCase(String.valueOf(headers.get("transfer-encoding")).trim())) {
            String tail = new String(raw, Math.max(end, raw.length - 7), Math.min(7, raw.length - end),
                    StandardCharsets.ISO_8859_1);
            return tail.endsWith("0\r\n\r\n");
        }
        return false;
    }

    private static Map<String, String> headers(String head) {
        Map<String, String> headers = new LinkedHashMap<>();
        String[] lines = head.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        return headers;
    }

    private static Answer parse(byte[] raw) {
        int end = headerEnd(raw);
        String head = new String(raw, 0, end < 0 ? raw.length : end, StandardCharsets.ISO_8859_1);
        String statusLine = head.split("\r\n", 2)[0];
        String[] parts = statusLine.split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            return new Answer(-1, Map.of(), raw, "not an HTTP answer: " + statusLine);
        }
        Map<String, String> headers = headers(head);
        byte[] body = end < 0 ? new byte[0] : java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(String.valueOf(headers.get("transfer-encoding")).trim())) {
            body = dechunk(body);
        }
        return new Answer(status, headers, body, null);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < chunked.length) {
            int lineEnd = pos;
            while (lineEnd + 1 < chunked.length && !(chunked[lineEnd] == '\r' && chunked[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String size = new String(chunked, pos, lineEnd - pos, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int length;
            try {
                length = Integer.parseInt(size, 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (length == 0) {
                break;
            }
            int start = lineEnd + 2;
            out.write(chunked, start, Math.min(length, chunked.length - start));
            pos = start + length + 2;
        }
        return out.toByteArray();
    }
}
