package io.orderly.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestPostgresServerTest {

    @Test
    void readsAJdbcUrlWithUserAndPasswordParameters() {
        var server = TestPostgres.Server.parse("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&password=pw");
        assertThat(server.host()).isEqualTo("127.0.0.1");
        assertThat(server.port()).isEqualTo(5432);
        assertThat(server.adminDatabase()).isEqualTo("postgres");
        assertThat(server.user()).isEqualTo("postgres");
        assertThat(server.password()).isEqualTo("pw");
        assertThat(server.jdbcUrl("other")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/other");
    }

    @Test
    void readsAPostgresUriWithUserInfoAndDefaults() {
        var server = TestPostgres.Server.parse("postgresql://alice:secret@db.local/app");
        assertThat(server.host()).isEqualTo("db.local");
        assertThat(server.port()).isEqualTo(5432);
        assertThat(server.adminDatabase()).isEqualTo("app");
        assertThat(server.user()).isEqualTo("alice");
        assertThat(server.password()).isEqualTo("secret");
    }

    @Test
    void defaultsToThePostgresDatabaseAndUser() {
        var server = TestPostgres.Server.parse("postgres://localhost:6543");
        assertThat(server.port()).isEqualTo(6543);
        assertThat(server.adminDatabase()).isEqualTo("postgres");
        assertThat(server.user()).isEqualTo("postgres");
        assertThat(server.password()).isEmpty();
    }
}
