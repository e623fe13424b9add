package io.orderly.discovery.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Checks the registry's shared secret in microseconds and in constant time: the SHA-256 digest
 * of what a client sent against the digest of the configured password.
 *
 * <p>Not BCrypt, on purpose. A slow hash protects a database of stored passwords if it leaks; this
 * password is no such thing (it comes from the process's own environment), and HTTP Basic checks
 * it on every request: each Eureka client renews and fetches every 2 s. Measured here (2 cores,
 * Temurin 25): BCrypt at its default strength 10 took about 100 ms a check, strength 4 about 3 ms.
 * Ten instances would keep a core busy at strength 10.
 */
final class SharedSecretPasswordEncoder implements PasswordEncoder {

    @Override
    public String encode(CharSequence rawPassword) {
        return HexFormat.of().formatHex(digest(rawPassword));
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null) {
            return false;
        }
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(encodedPassword);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(digest(rawPassword), expected);
    }

    private static byte[] digest(CharSequence text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
