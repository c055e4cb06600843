package ch.iiz.service.privacy;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Personal data of a client, sealed with the client's own key (crypto-shredding: deleting the key erases every copy
 * of the data, on every topic and in every table, while the history around it stays intact). AES-256-GCM from the
 * JDK with a random 96-bit nonce; the additional authenticated data is the client id and the field path, so a sealed
 * value cannot be moved to another client or another field. Wire form: {@code enc:v1:<base64(nonce || ciphertext)>},
 * a string, so events keep their field types. Pure: no framework, no I/O, no logging of keys or clear text.
 */
public final class PersonalDataCipher {

    /** Prefix of every sealed value. */
    public static final String PREFIX = "enc:v1:";
    /** What a sealed value reads as once its client's key was erased. */
    public static final String ERASED = "[erased]";
    public static final int KEY_BYTES = 32;

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PersonalDataCipher() {
    }

    /** A fresh random 256-bit key. */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    public static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** The sealed form of {@code clear} for {@code clientId}'s field {@code field}; null stays null. */
    public static String seal(byte[] key, String clientId, String field, String clear) {
        if (clear == null) {
            return null;
        }
        requireKey(key);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce, clientId, field);
            byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The clear text of a sealed value; {@link #ERASED} when the key is gone ({@code key == null}). A value that is
     * not sealed (null, or written before sealing existed) is returned as it is.
     *
     * @throws SealBroken when the value was sealed for another client or field, or was altered
     */
    public static String open(byte[] key, String clientId, String field, String value) {
        if (!isSealed(value)) {
            return value;
        }
        if (key == null) {
            return ERASED;
        }
        requireKey(key);
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new SealBroken("not base64");
        }
        if (raw.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SealBroken("too short");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(raw, NONCE_BYTES), clientId, field);
            return new String(cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SealBroken("does not belong to this client and field, or was altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The additional authenticated data: client id and field path, length-prefixed so that no two pairs collide. */
    static byte[] aad(String clientId, String field) {
        byte[] client = clientId.getBytes(StandardCharsets.UTF_8);
        byte[] path = field.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + client.length + path.length).putInt(client.length).put(client)
                .putInt(path.length).put(path).array();
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, String clientId, String field)
            throws GeneralSecurityException {
        if (clientId == null || field == null) {
            throw new IllegalArgumentException("client id and field path are required");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad(clientId, field));
        return cipher;
    }

    private static void requireKey(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a client key has " + KEY_BYTES + " bytes");
        }
    }

    /** A sealed value that does not open with this key, client and field. Carries no part of the value. */
    public static final class SealBroken extends RuntimeException {
        public SealBroken(String why) {
            super("sealed personal data " + why);
        }
    }
}
