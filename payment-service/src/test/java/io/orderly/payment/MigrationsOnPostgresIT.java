package io.orderly.payment;

import io.orderly.testsupport.PostgresTestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(PostgresTestDatabase.class)
class MigrationsOnPostgresIT extends MigrationsContract {}
