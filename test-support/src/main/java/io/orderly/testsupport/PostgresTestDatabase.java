package io.orderly.testsupport;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Import into a Spring test to run it on a fresh PostgreSQL database from {@link TestPostgres}
 * instead of the embedded default: {@code @Import(PostgresTestDatabase.class)}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PostgresTestDatabase {

    @Bean
    static DynamicPropertyRegistrar postgresDatasource(Environment environment) {
        TestPostgres.Database db = TestPostgres.newDatabase(environment.getProperty("spring.application.name", "app"));
        return registry -> {
            registry.add("spring.datasource.url", db::jdbcUrl);
            registry.add("spring.datasource.username", db::username);
            registry.add("spring.datasource.password", db::password);
        };
    }
}
