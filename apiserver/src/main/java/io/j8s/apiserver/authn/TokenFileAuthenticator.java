package io.j8s.apiserver.authn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens from a static token file, upstream's {@code --token-file} format: one CSV record
 * per line, {@code token,user,uid[,"group1,group2"]}. The file is read once, at start; a malformed
 * line fails the start with a message naming the line, rather than locking a user out quietly.
 */
final class TokenFileAuthenticator implements Authenticator {
    private final Map<String, UserInfo> users;

    private TokenFileAuthenticator(Map<String, UserInfo> users) {
        this.users = Map.copyOf(users);
    }

    static TokenFileAuthenticator load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read token file " + file + ": " + e.getMessage(), e);
        }
        Map<String, UserInfo> users = new HashMap<>();
        Map<String, Integer> lineOfToken = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int number = i + 1;
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            List<String> fields;
            try {
                fields = csv(line);
            } catch (IllegalArgumentException e) {
                throw malformed(file, number, e.getMessage());
            }
            if (fields.size() < 3) {
                throw malformed(file, number, "needs at least 3 columns (token, user name, uid),"
                        + " found " + fields.size());
            }
            if (fields.size() > 4) {
                throw malformed(file, number, "has " + fields.size() + " columns; quote the groups"
                        + " column when it lists several: \"group1,group2\"");
            }
            String token = fields.get(0);
            String name = fields.get(1);
            if (token.isEmpty()) {
                throw malformed(file, number, "the token is empty");
            }
            if (name.isEmpty()) {
                throw malformed(file, number, "the user name is empty");
            }
            Integer earlier = lineOfToken.putIfAbsent(token, number);
            if (earlier != null) {
                throw malformed(file, number, "repeats the token of line " + earlier);
            }
            List<String> groups = new ArrayList<>();
            if (fields.size() == 4) {
                for (String group : fields.get(3).split(",")) {
                    if (!group.isBlank()) {
                        groups.add(group.strip());
                    }
                }
            }
            users.put(token, UserInfo.authenticated(name, fields.get(2), groups));
        }
        return new TokenFileAuthenticator(users);
    }

    @Override
    public Optional<UserInfo> authenticate(RequestCredentials credentials) {
        Optional<String> token = credentials.bearerToken();
        if (token.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = token.get().getBytes(StandardCharsets.UTF_8);
        // Compare every known token in constant time, so timing does not reveal a prefix.
        UserInfo found = null;
        for (Map.Entry<String, UserInfo> entry : users.entrySet()) {
            if (MessageDigest.isEqual(presented, entry.getKey().getBytes(StandardCharsets.UTF_8))) {
                found = entry.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    private static IllegalArgumentException malformed(Path file, int line, String why) {
        return new IllegalArgumentException("token file " + file + ", line " + line + ": " + why);
    }

    /**
     * The fields of one CSV record (RFC 4180 on one line): fields are separated by commas, a field
     * in double quotes may hold commas, and {@code ""} inside it is one quote. Spaces before a
     * field are dropped, as Go's csv reader with TrimLeadingSpace does.
     */
    static List<String> csv(String line) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            StringBuilder field = new StringBuilder();
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw new IllegalArgumentException("a quoted field is not closed");
                    }
                    char c = line.charAt(i++);
                    if (c != '"') {
                        field.append(c);
                    } else if (i < line.length() && line.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        break;
                    }
                }
                if (i < line.length() && line.charAt(i) != ',') {
                    throw new IllegalArgumentException("unexpected text after a closing quote");
                }
            } else {
                while (i < line.length() && line.charAt(i) != ',') {
                    char c = line.charAt(i++);
                    if (c == '"') {
                        throw new IllegalArgumentException("a quote inside an unquoted field");
                    }
                    field.append(c);
                }
            }
            fields.add(field.toString());
            if (i >= line.length()) {
                return fields;
            }
            i++; // the comma
        }
    }
}
