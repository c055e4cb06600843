package ch.iiz.service.security;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import javax.crypto.SecretKey;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The bearer tokens this service already verified, kept until they expire: a client sends the same token with every
 * request for its lifetime, and checking its RS256 signature again each time was a tenth of a command's CPU (JFR,
 * docs/benchmarks.md). Only a token that passed the full check (signature, issuer, expiry) is kept, under its exact
 * text, so a changed or foreign token is always verified anew. Takes the place of smallrye-jwt's parser for the
 * bearer check; every other use goes straight to it.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    /** Bounded: past this many live tokens the cache starts afresh (tokens are verified again, nothing is lost). */
    static final int MAX_TOKENS = 10_000;

    private final Map<String, JsonWebToken> verified = new ConcurrentHashMap<>();
    private final JWTParser delegate;
    // the verifier itself judges expiry by the system clock, so the cache must use the same one
    private final LongSupplier epochSeconds;

    @Inject
    public VerifiedTokens(DefaultJWTParser delegate) {
        this(delegate, () -> System.currentTimeMillis() / 1000);
    }

    VerifiedTokens(JWTParser delegate, LongSupplier epochSeconds) {
        this.delegate = delegate;
        this.epochSeconds = epochSeconds;
    }

    @Override
    public JsonWebToken parse(String bearerToken) throws ParseException {
        JsonWebToken known = verified.get(bearerToken);
        if (known != null) {
            if (known.getExpirationTime() > epochSeconds.getAsLong()) {
                return known;
            }
            verified.remove(bearerToken);
        }
        JsonWebToken token = delegate.parse(bearerToken);
        if (token.getExpirationTime() > epochSeconds.getAsLong()) {
            if (verified.size() >= MAX_TOKENS) {
                verified.clear();
            }
            verified.put(bearerToken, token);
        }
        return token;
    }

    int size() {
        return verified.size();
    }

    @Override
    public JsonWebToken parse(String bearerToken, JWTAuthContextInfo context) throws ParseException {
        return delegate.parse(bearerToken, context);
    }

    @Override
    public JsonWebToken verify(String bearerToken, PublicKey key) throws ParseException {
        return delegate.verify(bearerToken, key);
    }

    @Override
    public JsonWebToken verify(String bearerToken, SecretKey key) throws ParseException {
        return delegate.verify(bearerToken, key);
    }

    @Override
    public JsonWebToken verify(String bearerToken, String secret) throws ParseException {
        return delegate.verify(bearerToken, secret);
    }

    @Override
    public JsonWebToken decrypt(String bearerToken, PrivateKey key) throws ParseException {
        return delegate.decrypt(bearerToken, key);
    }

    @Override
    public JsonWebToken decrypt(String bearerToken, SecretKey key) throws ParseException {
        return delegate.decrypt(bearerToken, key);
    }

    @Override
    public JsonWebToken decrypt(String bearerToken, String secret) throws ParseException {
        return delegate.decrypt(bearerToken, secret);
    }

    @Override
    public JsonWebToken parseOnly(String bearerToken) throws ParseException {
        return delegate.parseOnly(bearerToken);
    }
}
