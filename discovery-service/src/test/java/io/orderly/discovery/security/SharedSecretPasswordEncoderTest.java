package io.orderly.discovery.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SharedSecretPasswordEncoderTest {

    private final SharedSecretPasswordEncoder encoder = new SharedSecretPasswordEncoder();

    @Test
    void matchesTheConfiguredPasswordOnly() {
        String stored = encoder.encode("s3cret-value");

        assertThat(encoder.matches("s3cret-value", stored)).isTrue();
        assertThat(encoder.matches("s3cret-valuE", stored)).isFalse();
        assertThat(encoder.matches("", stored)).isFalse();
        assertThat(encoder.matches(null, stored)).isFalse();
    }

    @Test
    void keepsNoPlaintextAndRejectsAStoredValueItDidNotProduce() {
        String stored = encoder.encode("s3cret-value");

        assertThat(stored).doesNotContain("s3cret").hasSize(64);
        assertThat(encoder.matches("s3cret-value", "s3cret-value")).isFalse();
        assertThat(encoder.matches("s3cret-value", null)).isFalse();
    }
}
