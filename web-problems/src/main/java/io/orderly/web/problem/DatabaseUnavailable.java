package io.orderly.web.problem;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionTimedOutException;

/**
 * Recognises a failure that says the database cannot be reached or did not answer in time (a
 * condition that passes, so the request may be repeated), as opposed to a bug or a refusal. The
 * wrappers differ by path (a {@code JpaSystemException} around a failed rollback, Hibernate's
 * {@code JDBCConnectionException}, Spring's translations), so the whole cause chain is searched for
 * the driver's or the pool's own exception and its SQLState.
 */
public final class DatabaseUnavailable {

    /**
     * SQLStates beyond class 08 (connection exception) that mean "not now": the server shuts down,
     * crashed or is starting up (57P01-57P03), a statement or lock wait hit its timeout (57014, 55P03),
     * or the server has no connection slot left (53300). Seen in PostgreSQL restarts: 57P01 comes as a
     * Hibernate GenericJDBCException wrapped in Spring's JpaSystemException.
     */
    private static final Set<String> TRANSIENT_STATES = Set.of("57P01", "57P02", "57P03", "57014", "55P03", "53300");

    /**
     * What HikariCP's proxy throws, without an SQLState, once the pool has evicted its broken
     * connection: seen when the rollback after a server shutdown failed and overrode the first error.
     */
    private static final String HIKARI_CLOSED = "Connection is closed";

    private static final int MAX_DEPTH = 16;

    private DatabaseUnavailable() {}

    /** Whether {@code failure}, or any of its causes, says the database is unavailable. */
    public static boolean isCauseOf(Throwable failure) {
        return cause(failure) != null;
    }

    /**
     * The exception of the chain that says the database is unavailable, or null if none does: the
     * outermost one from the pool or the driver when there is one (its message says what happened,
     * e.g. "request timed out after 2001ms"), else the outermost of Spring's.
     */
    public static @Nullable Throwable cause(Throwable failure) {
        Throwable spring = null;
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++) {
            if (says(t)) {
                if (t instanceof SQLException) {
                    return t;
                }
                if (spring == null) {
                    spring = t;
                }
            }
            if (t.getCause() == t) {
                break;
            }
            t = t.getCause();
        }
        return spring;
    }

    private static boolean says(Throwable t) {
        return switch (t) {
            // Hikari: no connection within connection-timeout; the driver: connect or read timed out.
            case SQLTransientConnectionException e -> true;
            case SQLRecoverableException e -> true;
            case SQLTimeoutException e -> true;
            case SQLException e ->
                unavailableState(e.getSQLState()) || e.getSQLState() == null && HIKARI_CLOSED.equals(e.getMessage());
            // Spring's own, also when they carry no SQLException (a transaction past its timeout).
            case TransactionTimedOutException e -> true;
            case CannotCreateTransactionException e -> true;
            case DataAccessResourceFailureException e -> true;
            case TransientDataAccessResourceException e -> true;
            case QueryTimeoutException e -> true;
            default -> false;
        };
    }

    private static boolean unavailableState(@Nullable String state) {
        return state != null && (state.startsWith("08") || TRANSIENT_STATES.contains(state));
    }
}
