package io.orderly.inventory;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;

/** The migrations on the embedded H2 (PostgreSQL mode) the service uses with nothing configured. */
@SpringBootTest
@AutoConfigureMockMvc // the same context as the other H2 tests, so it boots once
@Import(StandInAuthServer.class)
class MigrationsOnH2Test extends MigrationsContract {}
