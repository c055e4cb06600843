package ch.iiz.localstack;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Development tokens: an RS256 key pair (kept in the data folder of the local run, fresh for each test JVM) and
 * signed JWTs carrying the claims every service reads: institution id and type, canton, municipality, roles.
 * For local runs and tests only; production takes tokens from the cantons' identity provider (OIDC).
 */
public final class DevTokens {

    public static final String ISSUER = "https://iiz-casework.local/dev";
    public static final String CLAIM_INSTITUTION_ID = "institution_id";
    public static final String CLAIM_INSTITUTION_TYPE = "institution_type";
    public static final String CLAIM_CANTON = "canton";
    public static final String CLAIM_MUNICIPALITY = "municipality";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KeyPair keys;
    private Path directory;

    private DevTokens(KeyPair keys) {
        this.keys = keys;
    }

    /** Where the key is kept, when it was loaded from or written to a folder. */
    public Path keyDirectory() {
        return directory;
    }

    public static DevTokens generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new DevTokens(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads the key from {@code dir}, or creates it there (readable by the owner only). */
    public static DevTokens loadOrCreate(Path dir) {
        Path privateKey = dir.resolve("dev-jwt-private.pem");
        try {
            if (Files.exists(privateKey)) {
                byte[] der = pemBody(Files.readString(privateKey));
                KeyFactory factory = KeyFactory.getInstance("RSA");
                RSAPrivateCrtKey key = (RSAPrivateCrtKey) factory.generatePrivate(new PKCS8EncodedKeySpec(der));
                PublicKey pub = factory.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
                DevTokens tokens = new DevTokens(new KeyPair(pub, key));
                tokens.directory = dir;
                return tokens;
            }
            DevTokens tokens = generate();
            Files.createDirectories(dir);
            Files.writeString(privateKey, pem("PRIVATE KEY", tokens.keys.getPrivate().getEncoded()));
            Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(dir.resolve("dev-jwt-public.pem"), tokens.publicKeyPem());
            tokens.directory = dir;
            return tokens;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unreadable development key " + privateKey, e);
        }
    }

    /** The public key as PEM, for {@code mp.jwt.verify.publickey}. */
    public String publicKeyPem() {
        return pem("PUBLIC KEY", keys.getPublic().getEncoded());
    }

    public String mint(DevInstitution institution, Duration lifetime) {
        return mint(institution.id(), institution.type(), institution.canton(), institution.municipality(),
                institution.roles(), lifetime);
    }

    public String mint(String institutionId, String institutionType, String canton, String municipality,
                       List<String> roles, Duration lifetime) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", "dev-user@" + institutionId);
        claims.put("upn", "dev-user@" + institutionId);
        claims.put("groups", roles);
        claims.put(CLAIM_INSTITUTION_ID, institutionId);
        claims.put(CLAIM_INSTITUTION_TYPE, institutionType);
        claims.put(CLAIM_CANTON, canton);
        if (municipality != null) {
            claims.put(CLAIM_MUNICIPALITY, municipality);
        }
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(lifetime).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return sign(claims);
    }

    /** Signs arbitrary claims, e.g. a token with a missing claim for a negative test. */
    public String sign(Map<String, Object> claims) {
        try {
            String header = base64Url(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT")));
            String payload = base64Url(JSON.writeValueAsBytes(claims));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keys.getPrivate());
            signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + base64Url(signature.sign());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a development token", e);
        }
    }

    PrivateKey privateKey() {
        return keys.getPrivate();
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String pem(String kind, byte[] der) {
        return "-----BEGIN " + kind + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + kind + "-----\n";
    }

    private static byte[] pemBody(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").trim());
    }
}
