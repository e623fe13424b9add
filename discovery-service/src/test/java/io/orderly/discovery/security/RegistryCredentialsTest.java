package io.orderly.discovery.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class RegistryCredentialsTest {

    private final RegistrySecurityConfiguration configuration = new RegistrySecurityConfiguration();

    @Test
    void warnsAtStartupWhileTheDevelopmentPasswordIsInUse(CapturedOutput output) {
        configuration.registryUser(
                new RegistryCredentials("eureka", RegistryCredentials.DEV_PASSWORD), new SharedSecretPasswordEncoder());

        assertThat(output).contains("WARN").contains("ORDERLY_EUREKA_PASSWORD");
    }

    @Test
    void saysNothingWithAPasswordOfItsOwn(CapturedOutput output) {
        var user = configuration
                .registryUser(new RegistryCredentials("eureka", "f0e1d2c3b4a5"), new SharedSecretPasswordEncoder())
                .loadUserByUsername("eureka");

        assertThat(output).doesNotContain("ORDERLY_EUREKA_PASSWORD");
        assertThat(user.getPassword()).doesNotContain("f0e1d2c3b4a5");
    }

    @Test
    void refusesABlankPasswordAndAUserBasicAuthCannotCarry() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RegistryCredentials("eureka", " "));
        assertThatIllegalArgumentException().isThrownBy(() -> new RegistryCredentials("", "secret"));
        assertThatIllegalArgumentException().isThrownBy(() -> new RegistryCredentials("eu:reka", "secret"));
    }

    @Test
    void neverPrintsThePassword() {
        assertThat(new RegistryCredentials("eureka", "f0e1d2c3b4a5").toString()).doesNotContain("f0e1d2c3b4a5");
    }
}
