package io.orderly.auth.users;

import java.util.List;
import java.util.regex.Pattern;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The demo users: customers {@code c-1} to {@code c-N} and one administrator, {@code admin}. A
 * customer's user name is its customer id, the {@code sub} of its tokens. Customers are not
 * stored one by one (the tests configure many): each is recognised by its name and shares the one
 * customer password, hashed once at start.
 */
public final class DemoUsers implements UserDetailsService {

    public static final String ADMIN = "admin";
    public static final String CUSTOMER_ROLE = "CUSTOMER";
    public static final String ADMIN_ROLE = "ADMIN";

    private static final Pattern CUSTOMER = Pattern.compile("c-([1-9][0-9]{0,6})");

    private final int customers;
    private final String customerPasswordHash;
    private final String adminPasswordHash;

    public DemoUsers(int customers, String customerPasswordHash, String adminPasswordHash) {
        this.customers = customers;
        this.customerPasswordHash = customerPasswordHash;
        this.adminPasswordHash = adminPasswordHash;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        if (ADMIN.equals(username)) {
            return user(username, adminPasswordHash, ADMIN_ROLE);
        }
        var customer = CUSTOMER.matcher(username == null ? "" : username);
        if (customer.matches() && Integer.parseInt(customer.group(1)) <= customers) {
            return user(username, customerPasswordHash, CUSTOMER_ROLE);
        }
        // The same message for every unknown name: the login page does not tell which part was wrong.
        throw new UsernameNotFoundException("no such user");
    }

    private static UserDetails user(String name, String passwordHash, String role) {
        return User.withUsername(name)
                .password(passwordHash)
                .authorities(List.of(new SimpleGrantedAuthority("ROLE_" + role)))
                .build();
    }
}
