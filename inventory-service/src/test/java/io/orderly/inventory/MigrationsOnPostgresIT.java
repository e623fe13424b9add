package io.orderly.inventory;

import io.orderly.testsupport.PostgresTestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** The migrations on PostgreSQL, where compose, the benchmarks and production run. */
@SpringBootTest
@Import(PostgresTestDatabase.class)
class MigrationsOnPostgresIT extends MigrationsContract {}
