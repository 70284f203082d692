package io.j8s.apiserver.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.j8s.apiserver.authn.Attributes;
import io.j8s.apiserver.authn.Authorizer;
import io.j8s.apiserver.authn.UserInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CelLibrariesTest {
    private static Object eval(String expr, Map<String, Object> vars) throws Exception {
        CelExpressions.Compiled c = CelExpressions.compile(expr,
                Variables.dyn("self").with("authorizer", Variables.AUTHORIZER));
        assertThat(c).as(expr).isInstanceOf(CelExpressions.Program.class);
        return CelExpressions.evaluate((CelExpressions.Program) c, vars);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[1, 2, 3].isSorted() && ![2, 1].isSorted()",
        "[1, 2, 3].sum() == 6 && [1.5, 2.5].sum() == 4.0",
        "[3, 1, 2].min() == 1 && [3, 1, 2].max() == 3 && ['b', 'a'].min() == 'a'",
        "[1, 2, 1].indexOf(1) == 0 && [1, 2, 1].lastIndexOf(1) == 2",
        "'abc 123'.find('[0-9]+') == '123' && 'a1b22'.findAll('[0-9]+') == ['1', '22']",
        "'a1b2c3'.findAll('[0-9]', 2) == ['1', '2']",
        "url('https://user@example.com:8443/a%20b?x=1&x=2').getScheme() == 'https'",
        "url('https://example.com:8443/p').getHost() == 'example.com:8443'",
        "url('https://[::1]:80/').getHostname() == '::1'",
        "url('https://example.com:8443/p').getPort() == '8443'",
        "url('https://example.com/a%20b').getEscapedPath() == '/a%20b'",
        "url('https://example.com/?x=1&x=2').getQuery()['x'] == ['1', '2']",
        "isURL('https://example.com') && !isURL('not a url')",
        "quantity('1Gi').isGreaterThan(quantity('1G')) && quantity('500m').isLessThan(quantity('1'))",
        "quantity('2k').asInteger() == 2000 && quantity('1.5').asApproximateFloat() == 1.5",
        "quantity('1').add(quantity('500m')).compareTo(quantity('1500m')) == 0",
        "quantity('1').sub(1).sign() == 0 && !quantity('500m').isInteger()",
        "isQuantity('1Mi') && !isQuantity('1MB')",
        "isIP('10.0.0.1') && !isIP('10.0.0.1.2') && !isIP('example.com') && ip('::1').family() == 6",
        "ip('127.0.0.1').isLoopback() && ip('8.8.8.8').isGlobalUnicast()",
        "ip.isCanonical('2001:db8::1') && !ip.isCanonical('2001:DB8::1')",
        "cidr('10.0.0.0/8').containsIP(ip('10.1.2.3')) && cidr('10.0.0.0/8').containsIP('10.1.2.3')",
        "cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16') && !cidr('10.0.0.0/16').containsCIDR('10.0.0.0/8')",
        "cidr('10.1.2.3/8').masked() == cidr('10.0.0.0/8') && cidr('10.1.2.3/8').prefixLength() == 8",
        "string(cidr('10.1.2.3/8').ip()) == '10.1.2.3' && isCIDR('::/0') && !isCIDR('10.0.0.0/33')",
        "'Hello'.lowerAscii() == 'hello' && 'a,b'.split(',') == ['a', 'b']",
        "self.spec.replicas <= self.spec.max && self.metadata.name.startsWith('we')",
        "has(self.spec.replicas) && !has(self.spec.missing)",
        "authorizer.group('apps').resource('deployments').namespace('default').check('create').allowed()",
        "!authorizer.group('').resource('secrets').check('get').allowed()",
        "authorizer.path('/healthz').check('get').allowed()",
    })
    void kubernetesLibrariesEvaluate(String expr) throws Exception {
        Authorizer authz = a -> !a.resource().equals("secrets");
        Map<String, Object> vars = Map.of(
                "self", CelValues.of(new ObjectMapper().readTree(
                        "{\"metadata\":{\"name\":\"web\"},\"spec\":{\"replicas\":3,\"max\":5}}")),
                "authorizer", CelExpressions.authorizer(authz,
                        new UserInfo("jane", "", List.of("dev"))));
        assertThat(eval(expr, vars)).as(expr).isEqualTo(true);
    }

    @Test
    void authorizerAsksForTheRequestingUser() throws Exception {
        Attributes[] seen = new Attributes[1];
        Authorizer authz = a -> {
            seen[0] = a;
            return true;
        };
        eval("authorizer.group('apps').resource('deployments').subresource('scale')"
                + ".namespace('ns').name('web').check('update').allowed()",
                Map.of("self", 1L, "authorizer", CelExpressions.authorizer(authz,
                        new UserInfo("jane", "", List.of()))));
        assertThat(seen[0].user().name()).isEqualTo("jane");
        assertThat(seen[0].denial()).isEqualTo("User \"jane\" cannot update resource"
                + " \"deployments/scale\" in API group \"apps\" in the namespace \"ns\"");
    }

    @Test
    void compileErrorsReadAsUpstream() {
        CelExpressions.Compiled c = CelExpressions.compile("self.x +", Variables.dyn("self"));
        assertThat(c).isInstanceOf(CelExpressions.Failure.class);
        assertThat(((CelExpressions.Failure) c).message())
                .startsWith("compilation failed: ERROR: <input>:1:9:");
        assertThat(CelExpressions.compile("nope == 1", Variables.dyn("self")))
                .isInstanceOfSatisfying(CelExpressions.Failure.class, f -> assertThat(f.message())
                        .contains("undeclared reference to 'nope'"));
    }

    @Test
    void runtimeCostLimitStopsTheExpression() {
        CelExpressions.Program p = (CelExpressions.Program) CelExpressions.compile(
                "self.all(x, self.all(y, x != y || x == y))", Variables.dyn("self"));
        List<Long> big = java.util.stream.LongStream.range(0, 500).boxed().toList();
        assertThatThrownBy(() -> CelExpressions.evaluate(p, Map.of("self", big)))
                .isInstanceOfSatisfying(CelExpressions.EvaluationException.class,
                        e -> assertThat(e.costExceeded()).isTrue())
                .hasMessage("operation cancelled: actual cost limit exceeded");
    }

    @Test
    void evaluationErrorsAreReported() {
        CelExpressions.Program p = (CelExpressions.Program) CelExpressions.compile(
                "self.missing == 1", Variables.dyn("self"));
        assertThatThrownBy(() -> CelExpressions.evaluate(p, Map.of("self", Map.of())))
                .isInstanceOf(CelExpressions.EvaluationException.class)
                .hasMessageContaining("no such key: missing");
    }
}
