package io.orderly.systemtest.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No package cycle in any module: within a module the feature packages' imports run one way
 * (docs/architecture.md draws order-service's). Reads the compiled classes of every module of the
 * reactor, which the build compiles before this module.
 */
class PackageCyclesTest {

    /** One slice per feature package of a module: io.orderly.order.saga, io.orderly.web.problem... */
    static final ArchRule FEATURE_PACKAGES_FREE_OF_CYCLES = slices().matching("io.orderly.(*).(*)..")
            .should()
            .beFreeOfCycles()
            // A module with one package (discovery-service, test-support) has no slice to compare.
            .allowEmptyShould(true);

    @Test
    void noModuleHasAPackageCycle() {
        List<Path> modules = compiledModules();
        assertThat(modules)
                .as("compiled modules (build the reactor first: ./mvnw verify)")
                .extracting(path -> path.getParent().getParent().getFileName().toString())
                .contains("order-service", "inventory-service", "payment-service", "gateway-service", "web-problems");
        for (Path classes : modules) {
            JavaClasses imported = new ClassFileImporter().importPath(classes);
            assertThat(imported).as("classes in %s", classes).isNotEmpty();
            FEATURE_PACKAGES_FREE_OF_CYCLES.check(imported);
        }
    }

    @Test
    void theRuleFindsACycleWhenThereIsOne() {
        JavaClasses cyclic = new ClassFileImporter().importPackages("io.orderly.systemtest.architecture.cycle");
        ArchRule rule = slices().matching("io.orderly.systemtest.architecture.cycle.(*)..")
                .should()
                .beFreeOfCycles();
        assertThat(cyclic).isNotEmpty();
        assertThatThrownBy(() -> rule.check(cyclic)).hasMessageContaining("Cycle detected");
    }

    private static List<Path> compiledModules() {
        Path root = repositoryRoot();
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.map(dir -> dir.resolve("target").resolve("classes"))
                    .filter(Files::isDirectory)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("order-service"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no repository root above " + Path.of("").toAbsolutePath());
    }
}
