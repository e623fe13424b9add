package io.orderly.payment;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;

/** The default configuration: the embedded H2 database in PostgreSQL mode. */
@SpringBootTest
@AutoConfigureMockMvc // the same context as the other H2 tests, so it boots once
@Import(StandInAuthServer.class)
class MigrationsOnH2Test extends MigrationsContract {}
