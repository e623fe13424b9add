package io.orderly.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the packaged jars contain: fault injection lives in its own jar, which only the system tests
 * and the benchmark put on a running service's loader path; no service jar carries it.
 */
class PackagedJarsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {"inventory-service", "payment-service", "order-service", "gateway-service", "discovery-service"})
    void noServiceJarContainsFaultInjection(String module) throws IOException {
        try (JarFile jar = new JarFile(ServiceProcess.packagedJar(module).toFile())) {
            List<String> names = jar.stream().map(JarEntry::getName).toList();
            assertThat(names).as("classes and libraries of " + module).noneMatch(PackagedJarsTest::isFaultInjection);
            JarEntry yml = jar.getJarEntry("BOOT-INF/classes/application.yml");
            if (yml != null) {
                String text = new String(jar.getInputStream(yml).readAllBytes(), StandardCharsets.UTF_8);
                assertThat(text)
                        .as(module + "'s application.yml")
                        .doesNotContainPattern("(?m)^\\s*fault:")
                        .doesNotContain("ORDERLY_FAULT", "orderly.fault");
            }
        }
    }

    @Test
    void theInventoryJarStillHasItsOwnClasses() throws IOException {
        // The check above means something only if it reads the right jar.
        try (JarFile jar =
                new JarFile(ServiceProcess.packagedJar("inventory-service").toFile())) {
            assertThat(jar.getJarEntry("BOOT-INF/classes/io/orderly/inventory/InventoryApplication.class"))
                    .isNotNull();
            assertThat(jar.getJarEntry("org/springframework/boot/loader/launch/PropertiesLauncher.class"))
                    .as("the launcher that reads loader.path")
                    .isNotNull();
        }
    }

    @Test
    void theFaultInjectionJarIsAPlainJarWithItsAutoConfiguration() throws IOException {
        Path path = ServiceProcess.packagedJar("fault-injection");
        try (JarFile jar = new JarFile(path.toFile())) {
            assertThat(jar.getJarEntry("io/orderly/fault/FaultInjectionFilter.class"))
                    .isNotNull();
            JarEntry imports =
                    jar.getJarEntry("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
            assertThat(imports).isNotNull();
            assertThat(new String(jar.getInputStream(imports).readAllBytes(), StandardCharsets.UTF_8))
                    .contains("io.orderly.fault.FaultInjectionAutoConfiguration");
            assertThat(jar.stream().map(JarEntry::getName)).noneMatch(name -> name.startsWith("BOOT-INF/"));
        }
    }

    private static boolean isFaultInjection(String entry) {
        return entry.contains("io/orderly/fault/")
                || entry.contains("io/orderly/inventory/fault/")
                || entry.startsWith("BOOT-INF/lib/fault-injection");
    }
}
