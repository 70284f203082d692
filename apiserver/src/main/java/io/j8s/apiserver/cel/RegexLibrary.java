package io.j8s.apiserver.cel;

import static dev.cel.common.types.SimpleType.INT;
import static dev.cel.common.types.SimpleType.STRING;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.common.types.ListType;
import java.util.ArrayList;
import java.util.List;

/** Kubernetes' regex library: {@code find} and {@code findAll}, RE2 syntax as upstream. */
final class RegexLibrary extends KubernetesLibrary {
    RegexLibrary() {
        member("find", "string_find_string", STRING, List.of(STRING, STRING),
                List.of(String.class, String.class), a -> {
                    Matcher m = pattern((String) a[1]).matcher((String) a[0]);
                    return m.find() ? m.group() : "";
                });
        member("findAll", "string_find_all_string", ListType.create(STRING),
                List.of(STRING, STRING), List.of(String.class, String.class),
                a -> findAll((String) a[0], (String) a[1], -1));
        member("findAll", "string_find_all_string_int", ListType.create(STRING),
                List.of(STRING, STRING, INT), List.of(String.class, String.class, Long.class),
                a -> findAll((String) a[0], (String) a[1], (Long) a[2]));
    }

    private static List<String> findAll(String s, String regex, long limit) {
        List<String> all = new ArrayList<>();
        Matcher m = pattern(regex).matcher(s);
        while ((limit < 0 || all.size() < limit) && m.find()) {
            all.add(m.group());
        }
        return all;
    }

    static Pattern pattern(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw error("error parsing regexp: " + e.getMessage());
        }
    }
}
