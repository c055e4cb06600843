package ch.iiz.service.security;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedTokensTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final List<String> checked = new ArrayList<>();
    /** Stands for the signature check: "good-<exp>" passes with that expiry, anything else fails. */
    private final DefaultJWTParser verifier = new DefaultJWTParser() {
        @Override
        public JsonWebToken parse(String token) throws ParseException {
            checked.add(token);
            if (!token.startsWith("good-")) {
                throw new ParseException("bad signature");
            }
            return token(Long.parseLong(token.substring(5)));
        }
    };
    private final VerifiedTokens tokens = new VerifiedTokens(verifier, now::get);

    @Test
    void a_verified_token_is_checked_once_for_its_lifetime() throws Exception {
        JsonWebToken first = tokens.parse("good-2000");
        JsonWebToken again = tokens.parse("good-2000");
        assertThat(again).isSameAs(first);
        assertThat(checked).containsExactly("good-2000");
    }

    @Test
    void an_expired_token_is_verified_again_and_the_verifier_decides() throws Exception {
        tokens.parse("good-2000");
        now.set(2000);
        tokens.parse("good-2000");
        assertThat(checked).containsExactly("good-2000", "good-2000");
        assertThat(tokens.size()).isZero(); // expired at once: not kept
    }

    @Test
    void a_refused_token_is_never_kept() {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> tokens.parse("forged")).isInstanceOf(ParseException.class);
        }
        assertThat(checked).containsExactly("forged", "forged");
        assertThat(tokens.size()).isZero();
    }

    @Test
    void the_cache_is_bounded() throws Exception {
        for (int i = 0; i <= VerifiedTokens.MAX_TOKENS; i++) {
            tokens.parse("good-" + (5000 + i));
        }
        assertThat(tokens.size()).isLessThanOrEqualTo(VerifiedTokens.MAX_TOKENS);
    }

    private static JsonWebToken token(long exp) {
        Map<String, Object> claims = Map.of("exp", exp);
        return new JsonWebToken() {
            @Override
            public String getName() {
                return "x";
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @SuppressWarnings("unchecked")
            @Override
            public <T> T getClaim(String name) {
                return (T) claims.get(name);
            }
        };
    }
}
