package io.orderly.auth.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RSA key that signs every token. Read from a PKCS#8 PEM file ({@code openssl genpkey
 * -algorithm RSA -pkeyopt rsa_keygen_bits:2048}) so that every instance signs with the same key and
 * publishes the same JWK set: a token from one instance is valid wherever the other's keys are
 * trusted. The key id is the key's RFC 7638 thumbprint, so it is the same on every instance
 * without being configured. Without a file a key is generated at start: one instance only, and
 * every token dies with it.
 */
public final class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private SigningKeys() {}

    public static JWKSet load(Path pemFile) {
        RSAKey key = pemFile == null ? generated() : fromPem(pemFile);
        return new JWKSet(key);
    }

    static RSAKey fromPem(Path pemFile) {
        String pem;
        try {
            pem = Files.readString(pemFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing key " + pemFile, e);
        }
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalStateException("the signing key " + pemFile + " is not a PKCS#8 PEM private key "
                    + "(-----BEGIN PRIVATE KEY-----); openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 "
                    + "writes one");
        }
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            if (!(rsa.generatePrivate(
                            new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)))
                    instanceof RSAPrivateCrtKey privateKey)) {
                throw new IllegalStateException("the signing key " + pemFile + " has no public part (CRT parameters)");
            }
            if (privateKey.getModulus().bitLength() < 2048) {
                throw new IllegalStateException("the signing key " + pemFile + " has "
                        + privateKey.getModulus().bitLength() + " bits; at least 2048 are needed");
            }
            RSAPublicKey publicKey = (RSAPublicKey)
                    rsa.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            log.info("Signing tokens with the key from {}", pemFile);
            return withThumbprintId(new RSAKey.Builder(publicKey).privateKey(privateKey));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the signing key " + pemFile + " is not a valid RSA private key", e);
        }
    }

    static RSAKey generated() {
        log.warn("No signing key configured (ORDERLY_AUTH_SIGNING_KEY): signing with a key generated at start. "
                + "Development only: a second instance would sign with another key, and a restart invalidates "
                + "every token issued.");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            return withThumbprintId(new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey(pair.getPrivate()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    private static RSAKey withThumbprintId(RSAKey.Builder builder) {
        try {
            return builder.keyUse(KeyUse.SIGNATURE).keyIDFromThumbprint().build();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot compute the key's thumbprint", e);
        }
    }
}
