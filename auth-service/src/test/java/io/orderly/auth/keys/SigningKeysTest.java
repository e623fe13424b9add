package io.orderly.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

    @TempDir
    Path dir;

    @Test
    void twoInstancesReadingOneKeyFilePublishTheSameKeyUnderTheSameId() throws Exception {
        Path file = pem(2048);

        RSAKey one = SigningKeys.fromPem(file);
        RSAKey other = SigningKeys.fromPem(file);

        assertThat(one.getKeyID())
                .isEqualTo(other.getKeyID())
                .isEqualTo(one.computeThumbprint().toString());
        assertThat(one.toPublicJWK()).isEqualTo(other.toPublicJWK());
        assertThat(one.isPrivate()).isTrue();
    }

    @Test
    void generatedKeysDifferFromStartToStart() {
        assertThat(SigningKeys.load(null).getKeys().getFirst().getKeyID())
                .isNotEqualTo(SigningKeys.load(null).getKeys().getFirst().getKeyID());
    }

    @Test
    void refusesAMissingFileAShortKeyAndSomethingElse() throws Exception {
        assertThatThrownBy(() -> SigningKeys.fromPem(dir.resolve("missing.pem")))
                .hasMessageContaining("cannot read the signing key");
        Path shortKey = pem(1024);
        assertThatThrownBy(() -> SigningKeys.fromPem(shortKey)).hasMessageContaining("1024 bits");
        Path certificate = Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n");
        assertThatThrownBy(() -> SigningKeys.fromPem(certificate)).hasMessageContaining("not a PKCS#8 PEM");
        Path garbage = Files.writeString(
                dir.resolve("garbage.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> SigningKeys.fromPem(garbage)).hasMessageContaining("not a valid RSA private key");
    }

    private Path pem(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n";
        return Files.writeString(dir.resolve("key-" + bits + ".pem"), pem);
    }
}
