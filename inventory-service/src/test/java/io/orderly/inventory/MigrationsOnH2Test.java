package io.orderly.inventory;

import org.springframework.boot.test.context.SpringBootTest;

/** The migrations on the embedded H2 (PostgreSQL mode) the service uses with nothing configured. */
@SpringBootTest
class MigrationsOnH2Test extends MigrationsContract {}
