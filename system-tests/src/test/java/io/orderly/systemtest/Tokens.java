package io.orderly.systemtest;

import io.orderly.testsupport.OAuthLogin;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Users' access tokens from a fleet's auth-service, obtained as a user's program obtains them (the
 * authorization code flow with PKCE, OAuthLogin) and kept until shortly before they expire. The
 * fleet's auth-service has its demo users with the passwords below, and customers {@code c-1} to
 * {@code c-1000000}: each test takes fresh customers from {@link #newCustomer()}.
 */
final class Tokens {

    static final String CUSTOMER_PASSWORD = "customer-test-password";
    static final String ADMIN_PASSWORD = "admin-test-password";
    static final String ORDER_SERVICE_SECRET = "order-service-test-secret";
    /** auth-service's access token lifetime in the fleets. */
    static final Duration TTL = Duration.ofMinutes(10);
    /** A token is renewed when it is this old: well before it expires, also for a request in flight. */
    private static final Duration RENEW_AFTER = TTL.minusMinutes(3);

    /** Customers c-1 .. c-10 are the demo data; tests take theirs from c-1001 on, one per call. */
    private static final AtomicInteger nextCustomer = new AtomicInteger(1001);

    /** The key of the service token among the users' (no user name has a space). */
    private static final String SERVICE = "order-service client";

    private final OAuthLogin login;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    private record Held(String token, long obtainedNanos) {}

    Tokens(String authUrl) {
        this.login = new OAuthLogin(authUrl);
    }

    /** The environment of the fleet's auth-service that goes with these passwords. */
    static Map<String, String> authServiceEnvironment() {
        return Map.of(
                "ORDERLY_AUTH_CUSTOMER_PASSWORD", CUSTOMER_PASSWORD,
                "ORDERLY_AUTH_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "ORDERLY_AUTH_ORDER_SERVICE_SECRET", ORDER_SERVICE_SECRET,
                "ORDERLY_AUTH_CUSTOMERS", "1000000",
                "ORDERLY_AUTH_ACCESS_TOKEN_TTL", TTL.toMinutes() + "m");
    }

    /** A customer id no other test of this run uses (a demo user of the fleet's auth-service). */
    static String newCustomer() {
        return "c-" + nextCustomer.getAndIncrement();
    }

    /**
     * A service token as order-service gets it (client credentials, both participant scopes): what a
     * test needs to read the participants' own endpoints, renewed when it is old.
     */
    synchronized String serviceToken() {
        Held current = held.get(SERVICE);
        if (current == null || System.nanoTime() - current.obtainedNanos() > RENEW_AFTER.toNanos()) {
            long before = System.nanoTime();
            current = new Held(
                    login.tokenFrom(login.clientCredentials(
                            "order-service", ORDER_SERVICE_SECRET, "inventory.reservations payment.payments")),
                    before);
            held.put(SERVICE, current);
        }
        return current.token();
    }

    /** USER's access token (customer id or {@code admin}), renewed when it is old. */
    String accessToken(String user) {
        // One login per user at a time: concurrent first requests of one customer wait for it.
        synchronized (locks.computeIfAbsent(user, u -> new Object())) {
            return currentToken(user);
        }
    }

    private String currentToken(String user) {
        Held current = held.get(user);
        if (current == null || System.nanoTime() - current.obtainedNanos() > RENEW_AFTER.toNanos()) {
            long before = System.nanoTime();
            String password = user.equals("admin") ? ADMIN_PASSWORD : CUSTOMER_PASSWORD;
            current = new Held(login.accessToken(user, password), before);
            held.put(user, current);
        }
        return current.token();
    }
}
