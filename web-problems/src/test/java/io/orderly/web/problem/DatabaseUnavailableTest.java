package io.orderly.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.UncategorizedDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionTimedOutException;

/**
 * Which failures mean "the database is unavailable for now": the chains below are the ones a
 * PostgreSQL stop, restart and network outage produced in the services (DatabaseOutageIT).
 */
class DatabaseUnavailableTest {

    /** What pgjdbc throws: an SQLException with the server's or the driver's SQLState. */
    static SQLException driver(String message, String state, Throwable cause) {
        return new SQLException(message, state, cause);
    }

    /** What Spring's JPA translation makes of a Hibernate exception it has no better name for. */
    static UncategorizedDataAccessException jpaSystemException(String message, Throwable cause) {
        return new UncategorizedDataAccessException(message, cause) {};
    }

    @Test
    void aPoolThatFindsNoConnectionInTimeMeansUnavailable() {
        var refused =
                driver("Connection to 127.0.0.1:6543 refused.", "08001", new ConnectException("Connection refused"));
        var pool = new SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available, request timed out after 2001ms", "08001", refused);
        var begin = new CannotCreateTransactionException(
                "Could not open JPA EntityManager for transaction",
                new RuntimeException("Unable to acquire JDBC Connection", pool));

        assertThat(DatabaseUnavailable.isCauseOf(begin)).isTrue();
        // The pool's own exception says most (how long it waited), so it is the one to log.
        assertThat(DatabaseUnavailable.cause(begin)).isSameAs(pool);
    }

    @Test
    void aServerThatShutsDownUnderAStatementMeansUnavailable() {
        var shutdown = driver("FATAL: terminating connection due to administrator command", "57P01", null);
        // Hibernate's GenericJDBCException, then Spring's JpaSystemException: only the SQLState tells.
        var translated = jpaSystemException("JDBC exception executing SQL", shutdown);

        assertThat(DatabaseUnavailable.isCauseOf(translated)).isTrue();
    }

    @Test
    void aRollbackOnAConnectionThePoolAlreadyClosedMeansUnavailable() {
        // Hikari evicted the connection the server's shutdown broke; the rollback that follows fails on
        // Hikari's closed proxy (no SQLState) and overrides the first error.
        var closed = new SQLException("Connection is closed");
        var rollback = jpaSystemException("Unable to rollback against JDBC Connection", closed);

        assertThat(DatabaseUnavailable.isCauseOf(rollback)).isTrue();
        assertThat(DatabaseUnavailable.isCauseOf(driver("This connection has been closed.", "08003", null)))
                .isTrue();
    }

    @Test
    void aBrokenSocketAStatementTimeoutAndALockTimeoutMeanUnavailable() {
        assertThat(DatabaseUnavailable.isCauseOf(driver(
                        "An I/O error occurred while sending to the backend.", "08006", new SocketTimeoutException())))
                .isTrue();
        assertThat(DatabaseUnavailable.isCauseOf(
                        driver("ERROR: canceling statement due to statement timeout", "57014", null)))
                .isTrue();
        assertThat(DatabaseUnavailable.isCauseOf(
                        driver("ERROR: canceling statement due to lock timeout", "55P03", null)))
                .isTrue();
        assertThat(DatabaseUnavailable.isCauseOf(driver("FATAL: the database system is starting up", "57P03", null)))
                .isTrue();
    }

    @Test
    void aTransactionPastItsTimeoutMeansUnavailable() {
        assertThat(DatabaseUnavailable.isCauseOf(new TransactionTimedOutException("Transaction timed out")))
                .isTrue();
    }

    @Test
    void aConstraintViolationABugOrABadStatementIsNotAnOutage() {
        var duplicate = new DataIntegrityViolationException(
                "duplicate key", driver("ERROR: duplicate key value violates unique constraint", "23505", null));

        assertThat(DatabaseUnavailable.isCauseOf(duplicate)).isFalse();
        assertThat(DatabaseUnavailable.isCauseOf(new IllegalStateException("bug")))
                .isFalse();
        assertThat(DatabaseUnavailable.isCauseOf(driver("ERROR: relation \"x\" does not exist", "42P01", null)))
                .isFalse();
        assertThat(DatabaseUnavailable.isCauseOf(driver("no state", null, null)))
                .isFalse();
    }

    @Test
    void aCauseChainThatLoopsEnds() {
        var first = new RuntimeException("first");
        var second = new RuntimeException("second", first);
        first.initCause(second);

        assertThat(DatabaseUnavailable.isCauseOf(second)).isFalse();
    }
}
